import { describe, expect, it } from "vitest";
import { formatAbsoluteTime } from "./time";

describe("formatAbsoluteTime", () => {
  const moment = new Date("2026-12-01T14:05:09Z");
  it("writes dates in UTC the same way wherever it runs", () => {
    expect(formatAbsoluteTime(moment, "date")).toBe("1 Dec 2026");
    expect(formatAbsoluteTime(moment, "datetime")).toBe("1 Dec 2026, 14:05 UTC");
    expect(formatAbsoluteTime(moment, "time")).toBe("14:05 UTC");
  });
  it("does not shift a late-evening UTC time into the next day", () => {
    expect(formatAbsoluteTime(new Date("2026-12-31T23:59:00Z"), "datetime")).toBe("31 Dec 2026, 23:59 UTC");
  });
});
