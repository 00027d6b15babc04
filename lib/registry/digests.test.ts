import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { RegistryError } from "@/lib/registry/errors";
import { DigestTap, computeDigest, digestStream, parseDigestOrThrow, tapDigest, tryParseDigest } from "@/lib/registry/digests";

const HELLO_SHA256 = "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

async function* pieces(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe("digests", () => {
  it("parses sha256 and sha512 digests of the right length in lowercase hex", () => {
    expect(tryParseDigest(HELLO_SHA256)).toEqual({ digest: HELLO_SHA256, algorithm: "sha256", hex: HELLO_SHA256.slice(7) });
    expect(tryParseDigest(`sha512:${"a".repeat(128)}`)?.algorithm).toBe("sha512");
    expect(tryParseDigest(`sha256:${"a".repeat(63)}`)).toBeNull();
    expect(tryParseDigest(`sha256:${"A".repeat(64)}`)).toBeNull();
    expect(tryParseDigest(`md5:${"a".repeat(32)}`)).toBeNull();
    expect(tryParseDigest("sha256:totallywrong")).toBeNull();
    expect(tryParseDigest("latest")).toBeNull();
  });

  it("throws DIGEST_INVALID with the offending value", () => {
    expect(() => parseDigestOrThrow("sha256:nope")).toThrow(RegistryError);
    try {
      parseDigestOrThrow("nope");
    } catch (error) {
      expect((error as RegistryError).code).toBe("DIGEST_INVALID");
      expect((error as RegistryError).detail).toEqual({ digest: "nope" });
    }
    expect(() => parseDigestOrThrow(null)).toThrow(/required/);
  });

  it("computes digests like sha256sum", () => {
    expect(computeDigest("hello")).toBe(HELLO_SHA256);
    expect(computeDigest("hello", "sha512")).toBe(`sha512:${createHash("sha512").update("hello").digest("hex")}`);
  });

  it("hashes streamed chunks with several algorithms at once and counts them", async () => {
    const tap = await digestStream(pieces("he", "l", "lo"), ["sha256", "sha512"]);
    expect(tap.size).toBe(5);
    expect(tap.digest("sha256")).toBe(HELLO_SHA256);
    expect(tap.digest("sha512")).toBe(computeDigest("hello", "sha512"));
    expect(tap.digest("sha256")).toBe(HELLO_SHA256);
  });

  it("passes chunks through unchanged and stops past a byte limit", async () => {
    const tap = new DigestTap();
    const seen: string[] = [];
    for await (const chunk of tapDigest(pieces("ab", "cd"), tap)) seen.push(chunk.toString());
    expect(seen).toEqual(["ab", "cd"]);
    const limited = tapDigest(pieces("abc", "def"), new DigestTap(), { maxBytes: 4, tooLarge: () => new Error("too large") });
    await expect((async () => {
      for await (const chunk of limited) void chunk;
    })()).rejects.toThrow("too large");
  });

  it("refuses a digest for an algorithm the tap does not compute", () => {
    expect(() => new DigestTap(["sha256"]).digest("sha512")).toThrow(/does not compute/);
  });
});
