import { describe, expect, it } from "vitest";
import { explainWeakPassword, hashPassword, verifyPassword } from "./password";

describe("password rules", () => {
  it("refuses passwords under 10 characters", () => {
    expect(explainWeakPassword("123456789")).toMatch(/at least 10/);
    expect(explainWeakPassword("1234567890")).toBeNull();
  });
  it("refuses blank and absurdly long passwords", () => {
    expect(explainWeakPassword(" ".repeat(12))).toMatch(/spaces/);
    expect(explainWeakPassword("x".repeat(1025))).toMatch(/at most/);
  });
});

describe("argon2id hashing", () => {
  it("hashes with argon2id and verifies only the right password", async () => {
    const stored = await hashPassword("correct horse battery");
    expect(stored.startsWith("$argon2id$")).toBe(true);
    expect(await verifyPassword(stored, "correct horse battery")).toBe(true);
    expect(await verifyPassword(stored, "correct horse batterY")).toBe(false);
  });
  it("salts: the same password hashes differently", async () => {
    expect(await hashPassword("same password")).not.toBe(await hashPassword("same password"));
  });
  it("treats a malformed hash as a mismatch", async () => {
    expect(await verifyPassword("not-a-hash", "anything")).toBe(false);
  });
});
