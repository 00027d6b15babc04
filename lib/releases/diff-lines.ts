/**
 * Line diffs for the release history page and for highlighting rewritten lines.
 * Myers' O((N+M)·D) algorithm after trimming the common head and tail; the trace is
 * kept per edit step (O(D²) memory), so past MAX_EDIT_DISTANCE the middle is shown as
 * replaced wholesale rather than risking memory on two unrelated releases.
 */

export interface LineChange {
  type: "equal" | "added" | "removed";
  text: string;
  /** 1-based line in the old text (null for added lines). */
  oldLine: number | null;
  /** 1-based line in the new text (null for removed lines). */
  newLine: number | null;
}

const MAX_EDIT_DISTANCE = 2000;

/** Diffs two texts line by line; equal lines are included so the result renders both sides. */
export function diffLines(oldText: string, newText: string): LineChange[] {
  const a = splitLines(oldText);
  const b = splitLines(newText);
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const changes: LineChange[] = [];
  for (let i = 0; i < head; i++) changes.push({ type: "equal", text: a[i], oldLine: i + 1, newLine: i + 1 });
  const middle = diffMiddle(a.slice(head, a.length - tail), b.slice(head, b.length - tail));
  for (const change of middle) {
    changes.push({
      ...change,
      oldLine: change.oldLine === null ? null : change.oldLine + head,
      newLine: change.newLine === null ? null : change.newLine + head,
    });
  }
  for (let i = tail; i > 0; i--) {
    changes.push({ type: "equal", text: a[a.length - i], oldLine: a.length - i + 1, newLine: b.length - i + 1 });
  }
  return changes;
}

/** Lines that differ between the original release and its rewritten form, on each side. */
export function listChangedLines(original: string, rewritten: string): { original: number[]; rewritten: number[] } {
  const result = { original: [] as number[], rewritten: [] as number[] };
  for (const change of diffLines(original, rewritten)) {
    if (change.type === "removed") result.original.push(change.oldLine!);
    if (change.type === "added") result.rewritten.push(change.newLine!);
  }
  return result;
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

function diffMiddle(a: string[], b: string[]): LineChange[] {
  if (a.length === 0 || b.length === 0) return replaceAll(a, b);
  const ids = new Map<string, number>();
  const toId = (line: string) => {
    let id = ids.get(line);
    if (id === undefined) ids.set(line, (id = ids.size));
    return id;
  };
  const trace = traceMyers(Int32Array.from(a, toId), Int32Array.from(b, toId));
  return trace ? backtrack(trace, a, b) : replaceAll(a, b);
}

/** Runs Myers forward; trace[d] holds V for diagonals -d-1..d+1 before step d. Null when too distant. */
function traceMyers(a: Int32Array, b: Int32Array): Int32Array[] | null {
  const n = a.length;
  const m = b.length;
  const max = Math.min(n + m, MAX_EDIT_DISTANCE);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= max; d++) {
    trace.push(v.slice(offset - d - 1, offset + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) return trace;
    }
  }
  return null;
}

function backtrack(trace: Int32Array[], a: string[], b: string[]): LineChange[] {
  const changes: LineChange[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const v = trace[d];
    const at = (k: number) => v[k + d + 1];
    const k = x - y;
    const previousK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const previousX = d === 0 ? 0 : at(previousK);
    const previousY = d === 0 ? 0 : previousX - previousK;
    while (x > previousX && y > previousY) {
      changes.push({ type: "equal", text: a[x - 1], oldLine: x, newLine: y });
      x--;
      y--;
    }
    if (d === 0) break;
    if (x === previousX) changes.push({ type: "added", text: b[y - 1], oldLine: null, newLine: y });
    else changes.push({ type: "removed", text: a[x - 1], oldLine: x, newLine: null });
    x = previousX;
    y = previousY;
  }
  return changes.reverse();
}

function replaceAll(a: string[], b: string[]): LineChange[] {
  return [
    ...a.map((text, i): LineChange => ({ type: "removed", text, oldLine: i + 1, newLine: null })),
    ...b.map((text, i): LineChange => ({ type: "added", text, oldLine: null, newLine: i + 1 })),
  ];
}
