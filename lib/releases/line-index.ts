/** Offsets to 1-based line/column positions, computed once per release text. */

export interface LineIndex {
  /** Offset at which each line starts; `starts[0] === 0`. */
  starts: number[];
}

/** Indexes line starts; "\r\n" and "\n" both end a line. */
export function createLineIndex(text: string): LineIndex {
  const starts = [0];
  let next = text.indexOf("\n");
  while (next !== -1) {
    starts.push(next + 1);
    next = text.indexOf("\n", next + 1);
  }
  return { starts };
}

/** 1-based line and column of an offset (clamped into the text). */
export function positionAt(index: LineIndex, offset: number): { line: number; column: number } {
  const { starts } = index;
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = (low + high + 1) >> 1;
    if (starts[middle] <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: Math.max(0, offset - starts[low]) + 1 };
}
