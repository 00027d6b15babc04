import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { openRegistrySecret, sealRegistrySecret } from "./registry-secret";

const key = randomBytes(32);

describe("sealRegistrySecret and openRegistrySecret", () => {
  it("round-trips a secret bound to the registry's id", () => {
    const sealed = sealRegistrySecret("token-abc-123", "id-1", key);
    expect(sealed).not.toContain("token-abc-123");
    expect(openRegistrySecret({ id: "id-1", name: "quay", secretEncrypted: sealed }, key)).toBe("token-abc-123");
  });

  it("refuses a secret moved to another registry or read with another key, saying what to do and nothing more", () => {
    const sealed = sealRegistrySecret("token-abc-123", "id-1", key);
    for (const attempt of [() => openRegistrySecret({ id: "id-2", name: "quay", secretEncrypted: sealed }, key), () => openRegistrySecret({ id: "id-1", name: "quay", secretEncrypted: sealed }, randomBytes(32))]) {
      expect(attempt).toThrow(/registry "quay" cannot be decrypted .* enter the password again/);
      try {
        attempt();
      } catch (error) {
        expect((error as { code?: string }).code).toBe("internal");
        expect(String((error as Error).message)).not.toContain(sealed);
      }
    }
  });
});
