import { describe, expect, it } from "vitest";
import { createRecentPasswordChecks } from "./recent-password-checks";

describe("recent password checks", () => {
  it("remembers a verified password for its window, then forgets it", () => {
    let now = 1_000;
    const checks = createRecentPasswordChecks(60_000, () => now);
    expect(checks.has("$argon2id$hash-a", "correct horse")).toBe(false);
    checks.remember("$argon2id$hash-a", "correct horse");
    expect(checks.has("$argon2id$hash-a", "correct horse")).toBe(true);
    now += 59_999;
    expect(checks.has("$argon2id$hash-a", "correct horse")).toBe(true);
    now += 1;
    expect(checks.has("$argon2id$hash-a", "correct horse")).toBe(false);
  });

  it("matches only the same password against the same stored hash", () => {
    const checks = createRecentPasswordChecks(60_000);
    checks.remember("$argon2id$hash-a", "correct horse");
    expect(checks.has("$argon2id$hash-a", "correct horse ")).toBe(false);
    // The password changed (on any instance): the stored hash is another one.
    expect(checks.has("$argon2id$hash-b", "correct horse")).toBe(false);
    // No ambiguity where the hash ends and the password begins.
    checks.remember("ab", "c");
    expect(checks.has("a", "bc")).toBe(false);
  });

  it("keeps nothing with a window of 0", () => {
    const checks = createRecentPasswordChecks(0);
    checks.remember("$argon2id$hash-a", "correct horse");
    expect(checks.has("$argon2id$hash-a", "correct horse")).toBe(false);
  });

  it("lets the oldest entries go past its size", () => {
    const checks = createRecentPasswordChecks(60_000);
    for (let i = 0; i <= 4096; i++) checks.remember(`hash-${i}`, "pw");
    expect(checks.has("hash-0", "pw")).toBe(false);
    expect(checks.has("hash-1", "pw")).toBe(true);
    expect(checks.has("hash-4096", "pw")).toBe(true);
  });
});
