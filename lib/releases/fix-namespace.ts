/** The `remove-namespace` fix: deletes metadata.namespace so the object lands in the application's namespace. */
import { isScalar, type ParsedNode } from "./yaml";
import { invalidInput } from "@/lib/errors";
import type { ParsedRelease, ReleaseDocument } from "./parse-release-stream";
import { contentEndAt, planFlowItemRemoval, planLineRemoval, type TextEdit } from "./text-edits";
import { findPair, getMapAt } from "./yaml-nodes";

/** The edit that removes the namespace pair; throws when it is not written in this object's own metadata. */
export function planNamespaceRemoval(parsed: ParsedRelease, document: ReleaseDocument): TextEdit[] {
  const metadata = getMapAt(document, document.doc.contents, ["metadata"]);
  if (!metadata || !findPair(document, metadata, "namespace")) throw invalidInput("fix", "this object sets no metadata.namespace any more; preview the release again");
  const pair = metadata.items.find((candidate) => isScalar(candidate.key) && candidate.key.value === "namespace");
  if (!pair) throw invalidInput("fix", "metadata.namespace comes from a merged anchor shared with other objects; remove it by hand");
  const from = document.offset + (pair.key as ParsedNode).range[0];
  const valueEnd = pair.value ? document.offset + (pair.value as ParsedNode).range[1] : document.offset + (pair.key as ParsedNode).range[1];
  const to = contentEndAt(parsed.text, valueEnd, from);
  if (metadata.flow) return [planFlowItemRemoval(parsed.text, from, to)];
  const edit = planLineRemoval(parsed.text, from, to);
  if (!edit) throw invalidInput("fix", "metadata.namespace shares its line with other fields; remove it by hand");
  return [edit];
}
