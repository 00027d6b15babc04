/**
 * The images: fixes: `add-image-entry` appends `{source, name, tag}` to the release
 * config's list (creating the config when the release has none) and
 * `remove-image-entry` removes the entry that resolves to a reference, each in the
 * list's own style (block or flow).
 */
import { isScalar, isSeq, type ParsedNode } from "./yaml";
import { invalidInput } from "@/lib/errors";
import { normalizeContext } from "./classify-image";
import { positionAt } from "./line-index";
import type { ParsedRelease } from "./parse-release-stream";
import { partitionDocuments, type MapDocument } from "./partition-documents";
import { readImagesSection } from "./read-images-section";
import { contentEndAt, detectLineBreak, formatScalarLike, lineEndAt, planFlowItemRemoval, planLineRemoval, type TextEdit } from "./text-edits";
import type { ReleaseContext, ReleaseFix } from "./types";
import { findPair, getValue, resolveNode, type SeqNode } from "./yaml-nodes";

type AddEntry = Extract<ReleaseFix, { kind: "add-image-entry" }>;
type RemoveEntry = Extract<ReleaseFix, { kind: "remove-image-entry" }>;

/** The edit that adds the entry to images:. */
export function planAddImageEntry(parsed: ParsedRelease, fix: AddEntry): TextEdit[] {
  const eol = detectLineBreak(parsed.text);
  const fields = [`source: ${plain(fix.source)}`, `name: ${plain(fix.name)}`, `tag: ${plain(fix.tag)}`];
  const config = findConfig(parsed);
  if (!config) return [{ from: 0, to: 0, text: `images:${eol}  - ${fields.join(`${eol}    `)}${eol}---${eol}` }];
  const { document, map } = config;
  const pair = findPair(document, map, "images")!;
  const list = resolveNode(document, pair.value);
  const flowEntry = `{${fields.join(", ")}}`;
  if (list === null || (isScalar(list) && list.value === null) || (isSeq(list) && list.flow && list.items.length === 0)) {
    // `images:` left empty (or `~`, or `[]`) becomes a one-entry flow list.
    const from = list ? document.offset + list.range[0] : parsed.text.indexOf(":", document.offset + (pair.key as ParsedNode).range[1]) + 1;
    const to = list ? document.offset + list.range[1] : from;
    const space = parsed.text[from - 1] === ":" ? " " : "";
    return [{ from, to, text: `${space}[${flowEntry}]` }];
  }
  if (!isSeq(list) || pair.value !== list) throw invalidInput("fix", "images: is not a list written here; add the entry by hand");
  if (list.flow) return [appendToFlowList(parsed, document.offset, list as SeqNode, flowEntry)];
  const end = lineEndAt(parsed.text, contentEndAt(parsed.text, document.offset + list.range[1]));
  const pad = " ".repeat(positionAt(parsed.lines, document.offset + list.range[0]).column - 1);
  return [{ from: end, to: end, text: `${eol}${pad}- ${fields.join(`${eol}${pad}  `)}` }];
}

/** The edit that removes the images: entry resolving to `fix.reference`. */
export function planRemoveImageEntry(parsed: ParsedRelease, fix: RemoveEntry, context: ReleaseContext): TextEdit[] {
  const config = findConfig(parsed);
  const list = config ? getValue(config.document, config.map, "images") : null;
  if (!config || !isSeq(list)) throw invalidInput("fix", "the release has no images: list any more; preview the release again");
  const { document } = config;
  const section = readImagesSection(document, list, normalizeContext(context), parsed.lines);
  const entry = section.entries.find((candidate) => candidate.reference === fix.reference);
  const item = entry ? list.items.find((candidate) => document.offset + (resolveNode(document, candidate)?.range[0] ?? -1) === entry.range[0]) : null;
  if (!entry || !item) throw invalidInput("fix", `${fix.reference} is no longer listed in images:; preview the release again`);
  const from = document.offset + (item as ParsedNode).range[0];
  const to = contentEndAt(parsed.text, document.offset + (item as ParsedNode).range[1], from);
  if (list.flow) return [planFlowItemRemoval(parsed.text, from, to)];
  const dash = parsed.text.lastIndexOf("-", from - 1);
  const edit = dash === -1 ? null : planLineRemoval(parsed.text, dash, to);
  if (!edit) throw invalidInput("fix", "this images: entry shares its lines with other text; remove it by hand");
  return [edit];
}

function findConfig(parsed: ParsedRelease): MapDocument | null {
  return partitionDocuments(parsed, []).config;
}

function appendToFlowList(parsed: ParsedRelease, offset: number, list: SeqNode, entry: string): TextEdit {
  const close = contentEndAt(parsed.text, offset + list.range[1]) - 1;
  if (parsed.text[close] !== "]") throw invalidInput("fix", "images: has an unusual layout; add the entry by hand");
  const before = contentEndAt(parsed.text, close);
  const separator = parsed.text[before - 1] === "," ? " " : ", ";
  return { from: before, to: before, text: `${separator}${entry}` };
}

function plain(value: string): string {
  return formatScalarLike("PLAIN", value, value);
}
