import { describe, expect, it } from "vitest";
import { MAX_RELEASE_YAML_BYTES } from "@/lib/releases";
import { parseSequence } from "./parse-sequence";
import { assertReleaseSize, releaseInputSchema } from "./release-input";

describe("assertReleaseSize", () => {
  it("allows exactly 1 MiB and refuses one byte more, with a message that names the limit", () => {
    expect(() => assertReleaseSize("#".repeat(MAX_RELEASE_YAML_BYTES))).not.toThrow();
    expect(() => assertReleaseSize("#".repeat(MAX_RELEASE_YAML_BYTES + 1))).toThrow(/the limit is 1 MiB \(1048576 bytes\)/);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const text = "é".repeat(MAX_RELEASE_YAML_BYTES / 2 + 1);
    expect(text.length).toBeLessThan(MAX_RELEASE_YAML_BYTES);
    expect(() => assertReleaseSize(text)).toThrow(expect.objectContaining({ code: "payload_too_large" }));
  });
});

describe("releaseInputSchema", () => {
  it("defaults the notes and names a missing YAML", () => {
    expect(releaseInputSchema.parse({ yaml: "a: 1" })).toEqual({ yaml: "a: 1", notes: "" });
    const result = releaseInputSchema.safeParse({ notes: "x" });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ["yaml"], message: "send the release YAML as a string" });
  });
});

describe("parseSequence", () => {
  it("reads release numbers and treats anything else as a missing release", () => {
    expect(parseSequence("12", "app")).toBe(12);
    for (const segment of ["0", "01", "-1", "1.5", "abc", "1e3", "9999999999"]) {
      expect(() => parseSequence(segment, "app"), segment).toThrow(expect.objectContaining({ code: "not_found" }));
    }
  });
});
