/**
 * The release as an airgapped cluster installs it: every container image rewritten to
 * its place under `${LOCAL_REGISTRY}` (airgap-names.ts), without the release's own
 * configuration documents (`images:`, LintConfig), which are Slipway's and never
 * Kubernetes objects. Only the image scalars change; everything else stays as written.
 * Pure.
 */
import { parseAllDocuments } from "yaml";
import { normalizeContext } from "@/lib/releases/classify-image";
import { isReleaseConfigDocument } from "@/lib/releases/release-config-document";
import { applyTextEdits, type TextEdit } from "@/lib/releases/text-edits";
import type { ReleaseContext, ReleasePreview } from "@/lib/releases/types";
import { formatAirgapReference } from "./airgap-names";

/** The release's Kubernetes objects with every valid image pointing at `${LOCAL_REGISTRY}`. */
export function rewriteReleaseForAirgap(yamlText: string, preview: Pick<ReleasePreview, "images">, context: ReleaseContext): string {
  const normalized = normalizeContext(context);
  const edits: TextEdit[] = [];
  for (const image of preview.images) {
    if (!image.reference) continue;
    const original = yamlText.slice(image.from, image.to);
    // Always double-quoted: `${...}` would start a flow mapping in a plain scalar.
    const text = JSON.stringify(formatAirgapReference(image.reference, normalized));
    edits.push({ from: image.from, to: image.to, text: original.endsWith("\n") ? `${text}\n` : text });
  }
  const rewritten = applyTextEdits(yamlText, edits);
  const documents = parseAllDocuments(rewritten)
    .filter((document) => !("errors" in document && document.errors.length > 0))
    .filter((document) => document.contents !== null && !isReleaseConfigDocument(document.contents))
    .filter((document) => !(document.contents && "value" in document.contents && document.contents.value === null))
    .map((document) => document.toString({ lineWidth: 0 }).replace(/^---\n/, ""));
  return documents.join("---\n");
}
