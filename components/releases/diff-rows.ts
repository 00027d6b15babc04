/** Rows of a side-by-side diff: removed and added runs face each other, far-away unchanged rows fold. */
import type { LineChange } from "@/lib/releases";

const CONTEXT_LINES = 3;

export type Cell = { line: number; text: string; isChanged: boolean } | null;
export type Row = { kind: "lines"; left: Cell; right: Cell } | { kind: "gap"; id: number; rows: Row[] };

/** Aligns the diff: a run of removed lines faces the run of added lines that follows it. */
export function pairRows(changes: LineChange[]): Row[] {
  const rows: Row[] = [];
  let removed: LineChange[] = [];
  let added: LineChange[] = [];
  const flush = () => {
    for (let i = 0; i < Math.max(removed.length, added.length); i++) {
      const left = removed[i];
      const right = added[i];
      rows.push({
        kind: "lines",
        left: left ? { line: left.oldLine!, text: left.text, isChanged: true } : null,
        right: right ? { line: right.newLine!, text: right.text, isChanged: true } : null,
      });
    }
    removed = [];
    added = [];
  };
  for (const change of changes) {
    if (change.type === "removed") removed.push(change);
    else if (change.type === "added") added.push(change);
    else {
      flush();
      rows.push({ kind: "lines", left: { line: change.oldLine!, text: change.text, isChanged: false }, right: { line: change.newLine!, text: change.text, isChanged: false } });
    }
  }
  flush();
  return rows;
}

/** Folds unchanged rows further than `context` rows from any change into gaps (three or more rows only). */
export function foldUnchanged(rows: Row[], context = CONTEXT_LINES): Row[] {
  const isChanged = rows.map((row) => row.kind === "lines" && Boolean(row.left?.isChanged || row.right?.isChanged));
  const isNear = rows.map((_, index) => {
    for (let d = -context; d <= context; d++) if (isChanged[index + d]) return true;
    return false;
  });
  const folded: Row[] = [];
  let hidden: Row[] = [];
  const flush = () => {
    // Folding a line or two saves nothing; show them.
    if (hidden.length > 2) folded.push({ kind: "gap", id: folded.length, rows: hidden });
    else folded.push(...hidden);
    hidden = [];
  };
  rows.forEach((row, index) => {
    if (isNear[index]) {
      flush();
      folded.push(row);
    } else hidden.push(row);
  });
  flush();
  return folded;
}
