/**
 * The `migrate-api-version` fix: rewrites apiVersion in place and, for workloads whose
 * `apps/v1` form requires `spec.selector` (older versions defaulted it from the
 * template's labels), adds `spec.selector.matchLabels` from those labels.
 */
import { isScalar, type ParsedNode, type Scalar } from "./yaml";
import { invalidInput } from "@/lib/errors";
import { SELECTOR_KINDS } from "./constants";
import { positionAt } from "./line-index";
import type { ParsedRelease, ReleaseDocument } from "./parse-release-stream";
import { detectLineBreak, formatScalarLike, type TextEdit } from "./text-edits";
import { findPair, getMapAt, getValue, readString, resolveNode, type MapNode } from "./yaml-nodes";

/** The edits that migrate the document's apiVersion from `from` to `to`; throws when it no longer reads `from`. */
export function planApiVersionEdits(parsed: ParsedRelease, document: ReleaseDocument, from: string, to: string): TextEdit[] {
  const root = getMapAt(document, document.doc.contents, []);
  const apiVersionNode = root ? getValue(document, root, "apiVersion") : null;
  if (!root || !isScalar(apiVersionNode) || readString(apiVersionNode) !== from) {
    throw invalidInput("fix", `this document's apiVersion is no longer ${from}; preview the release again`);
  }
  const start = document.offset + apiVersionNode.range[0];
  const end = document.offset + apiVersionNode.range[1];
  const edits: TextEdit[] = [{ from: start, to: end, text: formatScalarLike(apiVersionNode.type, to, parsed.text.slice(start, end)) }];
  const kind = readString(getValue(document, root, "kind"));
  if (kind !== null && SELECTOR_KINDS.has(kind) && to === "apps/v1") {
    const selector = planSelectorEdit(parsed, document, root);
    if (selector) edits.push(selector);
  }
  return edits;
}

/** Adds `selector.matchLabels` (copied from `spec.template.metadata.labels`) when `spec.selector` is missing. */
function planSelectorEdit(parsed: ParsedRelease, document: ReleaseDocument, root: MapNode): TextEdit | null {
  const spec = getMapAt(document, root, ["spec"]);
  const labels = getMapAt(document, root, ["spec", "template", "metadata", "labels"]);
  if (!spec || findPair(document, spec, "selector") || !labels || labels.items.length === 0) return null;
  const entries = labels.items.map((pair) => [sourceOf(parsed, document, pair.key), sourceOf(parsed, document, pair.value)]);
  if (spec.flow) {
    const from = document.offset + spec.range[0] + 1;
    const inner = entries.map(([key, value]) => `${key}: ${value}`).join(", ");
    return { from, to: from, text: `selector: {matchLabels: {${inner}}}${spec.items.length > 0 ? ", " : ""}` };
  }
  const firstKey = spec.items[0]?.key as ParsedNode | undefined;
  if (!firstKey?.range) return null;
  const from = document.offset + firstKey.range[0];
  const pad = " ".repeat(positionAt(parsed.lines, from).column - 1);
  const eol = detectLineBreak(parsed.text);
  const lines = [`selector:`, `${pad}  matchLabels:`, ...entries.map(([key, value]) => `${pad}    ${key}: ${value}`)];
  return { from, to: from, text: `${lines.join(eol)}${eol}${pad}` };
}

/** A label key or value as the vendor wrote it when that is a one-line scalar, else as a quoted string. */
function sourceOf(parsed: ParsedRelease, document: ReleaseDocument, node: unknown): string {
  const resolved = resolveNode(document, node);
  if (!isScalar(resolved)) return '""';
  const scalar = resolved as Scalar.Parsed;
  const isInline = scalar.type === "PLAIN" || scalar.type === "QUOTE_DOUBLE" || scalar.type === "QUOTE_SINGLE";
  const text = parsed.text.slice(document.offset + scalar.range[0], document.offset + scalar.range[1]);
  if (isInline && resolved === node && !text.includes("\n")) return text;
  return JSON.stringify(String(scalar.value ?? ""));
}
