import { describe, expect, it } from "vitest";
import type { Diagnostic } from "@/lib/releases";
import { sortBySeverity } from "./diagnostics-list";

function diagnostic(severity: Diagnostic["severity"], line: number): Diagnostic {
  return { severity, line, column: 1, code: "latest-tag", message: `${severity} at ${line}`, from: 0, to: 0 } as Diagnostic;
}

describe("sortBySeverity", () => {
  it("lists errors first, then warnings, then notes, each by line", () => {
    const sorted = sortBySeverity([diagnostic("warning", 3), diagnostic("info", 1), diagnostic("error", 9), diagnostic("warning", 2), diagnostic("error", 4)]);
    expect(sorted.map((d) => d.message)).toEqual(["error at 4", "error at 9", "warning at 2", "warning at 3", "info at 1"]);
  });
});
