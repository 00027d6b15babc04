import { describe, expect, it } from "vitest";
import { formatUploadRange, parseByteRange, parseContentRange } from "@/lib/registry/http/ranges";

describe("parseByteRange", () => {
  it("serves the whole blob without, or with an unusable, Range", () => {
    expect(parseByteRange(undefined, 10)).toEqual({ kind: "full" });
    expect(parseByteRange("items=0-1", 10)).toEqual({ kind: "full" });
    expect(parseByteRange("bytes=0-1,4-5", 10)).toEqual({ kind: "full" });
    expect(parseByteRange("bytes=5-2", 10)).toEqual({ kind: "full" });
  });

  it("handles closed, open-ended and suffix ranges, clamping the end", () => {
    expect(parseByteRange("bytes=2-4", 10)).toEqual({ kind: "partial", start: 2, end: 4 });
    expect(parseByteRange("bytes=7-", 10)).toEqual({ kind: "partial", start: 7, end: 9 });
    expect(parseByteRange("bytes=5-100", 10)).toEqual({ kind: "partial", start: 5, end: 9 });
    expect(parseByteRange("bytes=-3", 10)).toEqual({ kind: "partial", start: 7, end: 9 });
    expect(parseByteRange("bytes=-30", 10)).toEqual({ kind: "partial", start: 0, end: 9 });
  });

  it("reports ranges starting past the end as unsatisfiable", () => {
    expect(parseByteRange("bytes=10-", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=-0", 10)).toEqual({ kind: "unsatisfiable" });
    expect(parseByteRange("bytes=0-0", 0)).toEqual({ kind: "unsatisfiable" });
  });
});

describe("parseContentRange", () => {
  it("accepts the spec's form and the HTTP forms clients send", () => {
    expect(parseContentRange("0-99")).toEqual({ start: 0, end: 99 });
    expect(parseContentRange("bytes 100-199/1000")).toEqual({ start: 100, end: 199 });
    expect(parseContentRange("bytes=5-9")).toEqual({ start: 5, end: 9 });
    expect(parseContentRange("bytes 5-9/*")).toEqual({ start: 5, end: 9 });
  });

  it("rejects malformed and backwards ranges", () => {
    expect(parseContentRange("abc")).toBeNull();
    expect(parseContentRange("10-5")).toBeNull();
    expect(parseContentRange("-5")).toBeNull();
    expect(parseContentRange("5-")).toBeNull();
  });
});

describe("formatUploadRange", () => {
  it("names the last byte received, and 0-0 for an empty session as distribution does", () => {
    expect(formatUploadRange(42)).toBe("0-41");
    expect(formatUploadRange(1)).toBe("0-0");
    expect(formatUploadRange(0)).toBe("0-0");
  });
});
