/** Plain-text tables for a terminal: columns padded to their widest cell, the last one left ragged. */

/** Renders rows under a header; an empty list prints `empty` instead. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[], empty = "(none)"): string {
  if (rows.length === 0) return `${empty}\n`;
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join("  ")
      .trimEnd();
  return `${[line(header), ...rows.map(line)].join("\n")}\n`;
}

/** A date as `2026-11-30 21:40` (UTC), or "—". */
export function formatDate(value: string | null | undefined): string {
  if (!value) return "—";
  return `${value.slice(0, 10)} ${value.slice(11, 16)}`;
}

/** `label  value` lines, labels padded to the longest. */
export function formatFields(rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join("\n") + "\n";
}
