import { describe, expect, it } from "vitest";
import { diffLines } from "@/lib/releases";
import { foldUnchanged, pairRows, type Row } from "./diff-rows";

const lines = (count: number, prefix = "line") => Array.from({ length: count }, (_, i) => `${prefix} ${i + 1}`);

function describeRow(row: Row): string {
  if (row.kind === "gap") return `gap(${row.rows.length})`;
  const side = (cell: typeof row.left, mark: string) => (cell ? `${cell.isChanged ? mark : " "}${cell.line}` : "-");
  return `${side(row.left, "−")}|${side(row.right, "+")}`;
}

describe("pairRows", () => {
  it("puts a replaced line beside its replacement and pads the longer run", () => {
    const rows = pairRows(diffLines("a\nb\nc\n", "a\nB\nB2\nc\n"));
    expect(rows.map(describeRow)).toEqual([" 1| 1", "−2|+2", "-|+3", " 3| 4"]);
  });

  it("keeps a pure deletion on the left only", () => {
    expect(pairRows(diffLines("a\nb\n", "a\n")).map(describeRow)).toEqual([" 1| 1", "−2|-"]);
  });
});

describe("foldUnchanged", () => {
  it("folds unchanged stretches beyond the context into gaps that hold the hidden rows", () => {
    const before = lines(20);
    const after = [...before];
    after[9] = "changed";
    const rows = foldUnchanged(pairRows(diffLines(before.join("\n"), after.join("\n"))), 2);
    expect(rows.map(describeRow)).toEqual(["gap(7)", " 8| 8", " 9| 9", "−10|+10", " 11| 11", " 12| 12", "gap(8)"]);
    const gap = rows[0];
    expect(gap.kind === "gap" && gap.rows.map(describeRow)).toEqual([" 1| 1", " 2| 2", " 3| 3", " 4| 4", " 5| 5", " 6| 6", " 7| 7"]);
  });

  it("does not fold one or two lines, which would save nothing", () => {
    const before = lines(6);
    const after = [...before];
    after[5] = "changed";
    const rows = foldUnchanged(pairRows(diffLines(before.join("\n"), after.join("\n"))), 3);
    expect(rows.map(describeRow)).toEqual([" 1| 1", " 2| 2", " 3| 3", " 4| 4", " 5| 5", "−6|+6"]);
  });
});
