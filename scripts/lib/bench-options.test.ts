import { describe, expect, it } from "vitest";
import { BenchOptionError, readWholeNumberOption } from "./bench-options";

describe("a benchmark's whole-number option", () => {
  it("is the fallback when absent, the number given otherwise", () => {
    expect(readWholeNumberOption(["--only", "raw"], "--runs", 3, 10)).toBe(3);
    expect(readWholeNumberOption(["--runs", "7"], "--runs", 3, 10)).toBe(7);
    expect(readWholeNumberOption(["--runs", "10", "--seconds", "1"], "--seconds", 10, 60)).toBe(1);
  });

  it("refuses what is not a whole number from 1 to the maximum, naming the option and the value", () => {
    expect(() => readWholeNumberOption(["--runs", "0"], "--runs", 3, 10)).toThrow(new BenchOptionError('--runs takes a whole number from 1 to 10, not "0"'));
    expect(() => readWholeNumberOption(["--runs", "11"], "--runs", 3, 10)).toThrow(/not "11"/);
    expect(() => readWholeNumberOption(["--seconds", "2.5"], "--seconds", 10, 60)).toThrow(/--seconds takes a whole number from 1 to 60, not "2.5"/);
    expect(() => readWholeNumberOption(["--runs", "three"], "--runs", 3, 10)).toThrow(/not "three"/);
    expect(() => readWholeNumberOption(["--runs"], "--runs", 3, 10)).toThrow(/not ""/);
  });
});
