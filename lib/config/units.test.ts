import { describe, expect, it } from "vitest";
import { formatSize, parseDuration, parseSize } from "./units";

describe("parseSize", () => {
  it("reads binary and decimal units and plain bytes", () => {
    expect(parseSize("20GiB")).toBe(20 * 2 ** 30);
    expect(parseSize(" 512 mib ")).toBe(512 * 2 ** 20);
    expect(parseSize("1.5KiB")).toBe(1536);
    expect(parseSize("10GB")).toBe(10e9);
    expect(parseSize("0")).toBe(0);
    expect(parseSize("4096")).toBe(4096);
  });

  it("refuses what is not a size", () => {
    for (const text of ["", "GiB", "-1GiB", "10 parsecs", "1e3", "99999999TiB"]) expect(() => parseSize(text), text).toThrow();
  });

  it("formats back to the largest whole binary unit", () => {
    expect(formatSize(20 * 2 ** 30)).toBe("20GiB");
    expect(formatSize(1536)).toBe("1536B");
  });
});

describe("parseDuration", () => {
  it("reads ms, s, m, h and d", () => {
    expect(parseDuration("500ms")).toBe(500);
    expect(parseDuration("30s")).toBe(30_000);
    expect(parseDuration("1.5m")).toBe(90_000);
    expect(parseDuration("24H")).toBe(86_400_000);
    expect(parseDuration("7d")).toBe(7 * 86_400_000);
  });

  it("needs a unit", () => {
    for (const text of ["30", "", "s", "-1s", "1w"]) expect(() => parseDuration(text), text).toThrow();
  });
});
