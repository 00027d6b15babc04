/**
 * Encryption at rest for stored registry passwords and tokens: AES-256-GCM with a
 * random 96-bit IV, and the owning record's id as associated data so a ciphertext
 * copied onto another row does not decrypt. Text format (base64url parts):
 *
 *     v1.<iv>.<tag>.<ciphertext>
 *
 * The version prefix lets a later key rotation or algorithm change read old values.
 */
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v1";
const ALGORITHM = "aes-256-gcm";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export type SecretBoxFailure = "invalid_key" | "malformed" | "unsupported_version" | "decrypt_failed";

/** A stored secret could not be sealed or opened. Messages never contain key or plaintext material. */
export class SecretBoxError extends Error {
  readonly reason: SecretBoxFailure;

  constructor(reason: SecretBoxFailure, message: string) {
    super(message);
    this.name = "SecretBoxError";
    this.reason = reason;
  }
}

function assertKey(key: Buffer): void {
  if (!Buffer.isBuffer(key) || key.length !== 32) {
    throw new SecretBoxError("invalid_key", "The secrets key must be 32 bytes (AES-256).");
  }
}

/** Encrypts a secret for storage; `associatedData` (the record id) must be given again to decrypt. */
export function encryptSecret(plaintext: string, key: Buffer, associatedData: string): string {
  assertKey(key);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(associatedData, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  return [VERSION, iv, tag, ciphertext].map((part) => (typeof part === "string" ? part : part.toString("base64url"))).join(".");
}

/**
 * Decrypts a value from `encryptSecret`. A wrong key, wrong associated data or any
 * tampering is one `SecretBoxError("decrypt_failed")`, by design indistinguishable.
 */
export function decryptSecret(sealed: string, key: Buffer, associatedData: string): string {
  assertKey(key);
  const parts = sealed.split(".");
  if (parts[0] !== VERSION) {
    const looksVersioned = /^v\d+$/.test(parts[0] ?? "");
    throw looksVersioned
      ? new SecretBoxError("unsupported_version", `Stored secret uses format ${parts[0]}, which this version cannot read.`)
      : new SecretBoxError("malformed", "Stored secret is not in the expected format.");
  }
  const [iv, tag, ciphertext] = [parts[1], parts[2], parts[3]].map(decodePart);
  if (parts.length !== 4 || iv.length !== IV_BYTES || tag.length !== TAG_BYTES) {
    throw new SecretBoxError("malformed", "Stored secret is not in the expected format.");
  }
  try {
    const decipher = createDecipheriv(ALGORITHM, key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(associatedData, "utf8"));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString("utf8");
  } catch {
    // The underlying error is dropped on purpose: nothing about the data leaks into messages.
    throw new SecretBoxError("decrypt_failed", "Stored secret could not be decrypted (wrong key, or it belongs to another record).");
  }
}

function decodePart(part: string | undefined): Buffer {
  return part !== undefined && /^[A-Za-z0-9_-]*$/.test(part) ? Buffer.from(part, "base64url") : Buffer.alloc(0);
}
