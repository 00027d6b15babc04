import { describe, expect, it } from "vitest";
import { displayPrefix, generateTokenSecret, hashTokenSecret, looksLikeToken } from "./token-secret";

describe("token secrets", () => {
  it("are prefixed, 44 characters, base62, and different every time", () => {
    const a = generateTokenSecret();
    const b = generateTokenSecret();
    expect(a).toMatch(/^slw_[0-9A-Za-z]{40}$/);
    expect(a).not.toBe(b);
    expect(looksLikeToken(a)).toBe(true);
  });
  it("hash to a stable SHA-256 hex digest that differs per token", () => {
    const token = generateTokenSecret();
    expect(hashTokenSecret(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashTokenSecret(token)).toBe(hashTokenSecret(token));
    expect(hashTokenSecret(token)).not.toBe(hashTokenSecret(generateTokenSecret()));
    expect(hashTokenSecret("slw_abc")).toBe("264fccf52e2c5469846ce0616252f46326e2f441169b5596ab448d48c8d41401");
  });
  it("recognise foreign strings as non-tokens", () => {
    expect(looksLikeToken("hunter2hunter2")).toBe(false);
    expect(looksLikeToken("slw_short")).toBe(false);
    expect(looksLikeToken("slw_" + "!".repeat(40))).toBe(false);
  });
  it("show only a short prefix", () => {
    expect(displayPrefix("slw_ABCDEFGHIJ")).toBe("slw_ABCDEF");
  });
});
