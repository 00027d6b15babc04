/**
 * Rewriting by replacing exact source ranges, so comments, blank lines, key order
 * and quoting everywhere else stay byte-for-byte as the vendor wrote them.
 */
import { Scalar } from "./yaml";

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

/** Offset where the line holding `offset` starts. */
export function lineStartAt(text: string, offset: number): number {
  return text.lastIndexOf("\n", offset - 1) + 1;
}

/** Offset of the line break ending the line that holds `offset` (or the text's end); before a "\r" of "\r\n". */
export function lineEndAt(text: string, offset: number): number {
  const newline = text.indexOf("\n", offset);
  if (newline === -1) return text.length;
  return text[newline - 1] === "\r" ? newline - 1 : newline;
}

/** The end of a node's own text: its range end without the line breaks and spaces a block node's range carries. */
export function contentEndAt(text: string, end: number, start = 0): number {
  let offset = end;
  while (offset > start && /[\s]/.test(text[offset - 1])) offset--;
  return offset;
}

/** Removes the whole lines holding [from, to) when only indentation precedes it and only a comment follows; null otherwise. */
export function planLineRemoval(text: string, from: number, to: number): TextEdit | null {
  const start = lineStartAt(text, from);
  if (!/^[ \t]*$/.test(text.slice(start, from))) return null;
  const end = lineEndAt(text, to);
  if (text.slice(to, end).trim() !== "" && !text.slice(to, end).trim().startsWith("#")) return null;
  const next = text.startsWith("\r\n", end) ? end + 2 : text.startsWith("\n", end) ? end + 1 : end;
  return { from: start, to: next, text: "" };
}

/** Removes [from, to) from a flow collection with the comma that separates it from its neighbour. */
export function planFlowItemRemoval(text: string, from: number, to: number): TextEdit {
  let end = to;
  while (text[end] === " " || text[end] === "\t") end++;
  if (text[end] === ",") {
    end++;
    while (text[end] === " " || text[end] === "\t") end++;
    return { from, to: end, text: "" };
  }
  let start = from;
  while (start > 0 && /\s/.test(text[start - 1])) start--;
  return text[start - 1] === "," ? { from: start - 1, to, text: "" } : { from, to, text: "" };
}
