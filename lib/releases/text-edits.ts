/**
 * Rewriting by replacing exact source ranges, so comments, blank lines, key order
 * and quoting everywhere else stay byte-for-byte as the vendor wrote them.
 */
import { Scalar } from "yaml";

export interface TextEdit {
  from: number;
  to: number;
  text: string;
}

/** Characters that keep a plain scalar a string in both block and flow context. */
const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+=-]*$/;

/** Writes `value` in the same style as the scalar it replaces (plain, single or double quoted). */
export function formatScalarLike(style: Scalar["type"], value: string, original: string): string {
  if (style === Scalar.QUOTE_SINGLE) return `'${value.replaceAll("'", "''")}'`;
  if (style === Scalar.PLAIN && PLAIN_SAFE.test(value) && !value.endsWith(":")) return value;
  const quoted = JSON.stringify(value);
  // A block scalar's range includes its final line break, which the replacement must keep.
  const isBlock = style === Scalar.BLOCK_LITERAL || style === Scalar.BLOCK_FOLDED;
  return isBlock && original.endsWith("\n") ? `${quoted}\n` : quoted;
}

/** Applies non-overlapping edits; several edits of the same range (one anchor, many aliases) apply once. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  const parts: string[] = [];
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.from < cursor) continue;
    parts.push(text.slice(cursor, edit.from), edit.text);
    cursor = edit.to;
  }
  parts.push(text.slice(cursor));
  return parts.join("");
}

/** The text's own line break, so inserted lines do not mix styles. */
export function detectLineBreak(text: string): string {
  return text.includes("\r\n") ? "\r\n" : "\n";
}
