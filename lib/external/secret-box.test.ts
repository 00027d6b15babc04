import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, SecretBoxError } from "./secret-box";

const key = randomBytes(32);
const registryId = "7d9c3a1e-5b2f-4c8e-9a6d-1f0e2b3c4d5e";

function failure(run: () => unknown): SecretBoxError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(SecretBoxError);
    return error as SecretBoxError;
  }
  throw new Error("expected a SecretBoxError");
}

describe("secret box", () => {
  it("round-trips, including unicode and the empty string", () => {
    for (const secret of ["dckr_pat_abc123", "pässwörd ☃", "", "x".repeat(5000)]) {
      expect(decryptSecret(encryptSecret(secret, key, registryId), key, registryId)).toBe(secret);
    }
  });

  it("writes v1.<iv>.<tag>.<ciphertext> in base64url with a fresh IV each time", () => {
    const sealed = encryptSecret("token", key, registryId);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain("token");
    expect(encryptSecret("token", key, registryId)).not.toBe(sealed);
  });

  it("refuses a wrong key, wrong associated data or tampering without leaking the plaintext", () => {
    const secret = "super-secret-password";
    const sealed = encryptSecret(secret, key, registryId);
    const [v, iv, tag, ct] = sealed.split(".");
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] ^= 1;
    const attempts = [
      () => decryptSecret(sealed, randomBytes(32), registryId),
      () => decryptSecret(sealed, key, "another-registry-id"),
      () => decryptSecret([v, iv, tag, flipped.toString("base64url")].join("."), key, registryId),
      () => decryptSecret([v, iv, Buffer.alloc(16).toString("base64url"), ct].join("."), key, registryId),
    ];
    for (const attempt of attempts) {
      const error = failure(attempt);
      expect(error.reason).toBe("decrypt_failed");
      expect(error.message).not.toContain(secret);
      expect(error.message).not.toContain(ct);
    }
  });

  it("names malformed and unknown-version values", () => {
    expect(failure(() => decryptSecret("plain-text", key, registryId)).reason).toBe("malformed");
    expect(failure(() => decryptSecret("v1.abc", key, registryId)).reason).toBe("malformed");
    expect(failure(() => decryptSecret("v1.!!.!!.!!", key, registryId)).reason).toBe("malformed");
    expect(failure(() => decryptSecret("v2.a.b.c", key, registryId)).reason).toBe("unsupported_version");
  });

  it("insists on a 32-byte key", () => {
    expect(failure(() => encryptSecret("x", randomBytes(16), registryId)).reason).toBe("invalid_key");
  });
});
