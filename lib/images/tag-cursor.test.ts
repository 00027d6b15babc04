import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeTagCursor, encodeTagCursor } from "./tag-cursor";

describe("tag cursors", () => {
  it("round-trip the keyset with millisecond precision", () => {
    const position = { updatedAt: new Date("2025-01-02T03:04:05.678Z"), id: "0b6d1e2c-4a7f-4c1e-9d0a-123456789abc" };
    const cursor = encodeTagCursor(position);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeTagCursor(cursor)).toEqual(position);
  });

  it.each(["", "not base64 at all!", Buffer.from("[1,2]").toString("base64url"), Buffer.from('["yesterday","0b6d1e2c-4a7f-4c1e-9d0a-123456789abc"]').toString("base64url"), Buffer.from('["2025-01-01T00:00:00Z","x; DROP TABLE"]').toString("base64url")])(
    "refuses %j as invalid_input on cursor",
    (cursor) => {
      let caught: unknown;
      try {
        decodeTagCursor(cursor);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(AppError);
      expect((caught as AppError).code).toBe("invalid_input");
      expect((caught as AppError).details?.[0]?.path).toBe("cursor");
    },
  );
});
