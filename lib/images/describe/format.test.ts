import { describe, expect, it } from "vitest";
import { formatBytes, formatRelativeTime, shortDigest } from "./format";

describe("formatBytes", () => {
  it.each([
    [0, "0 B"],
    [512, "512 B"],
    [1023, "1023 B"],
    [1024, "1.0 KiB"],
    [1536, "1.5 KiB"],
    [1.5 * 1024 * 1024, "1.5 MiB"],
    [3623807, "3.5 MiB"],
    [5 * 1024 ** 3, "5.0 GiB"],
    [2 * 1024 ** 6, "2048.0 PiB"],
  ])("formats %d as %s", (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it("carries a value that rounds up to 1024 into the next unit", () => {
    expect(formatBytes(1024 * 1024 - 10)).toBe("1.0 MiB");
  });

  it("gives a dash for nonsense", () => {
    expect(formatBytes(-1)).toBe("—");
    expect(formatBytes(Number.NaN)).toBe("—");
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe("—");
  });
});

describe("shortDigest", () => {
  it("keeps the first 12 characters of the encoded part", () => {
    expect(shortDigest("sha256:5861314d7fccb39c2192173240eab44fa35ca66426201ca2acd0630a6258dd51")).toBe("5861314d7fcc");
    expect(shortDigest("sha512:abc")).toBe("abc");
    expect(shortDigest("0123456789abcdef")).toBe("0123456789ab");
  });
});

describe("formatRelativeTime", () => {
  const now = new Date("2025-03-04T12:00:00Z");
  const ago = (seconds: number) => new Date(now.getTime() - seconds * 1000);

  it.each([
    [0, "just now"],
    [59, "just now"],
    [60, "1 minute ago"],
    [59 * 60 + 59, "59 minutes ago"],
    [3600, "1 hour ago"],
    [5 * 3600, "5 hours ago"],
    [86400, "1 day ago"],
    [29 * 86400, "29 days ago"],
    [45 * 86400, "1 month ago"],
    [400 * 86400, "1 year ago"],
    [3 * 365 * 86400, "3 years ago"],
  ])("describes %d seconds ago as %s", (seconds, text) => {
    expect(formatRelativeTime(ago(seconds), now)).toBe(text);
  });

  it("handles the future, strings and timestamps", () => {
    expect(formatRelativeTime(ago(-2 * 86400), now)).toBe("in 2 days");
    expect(formatRelativeTime("2025-03-04T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelativeTime(now.getTime() - 120_000, now.getTime())).toBe("2 minutes ago");
  });

  it("gives a dash for an unparseable date", () => {
    expect(formatRelativeTime("not a date", now)).toBe("—");
  });
});
