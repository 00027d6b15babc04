/**
 * Personal access token secrets: `slw_` + 40 base62 characters (~238 bits). Only the
 * SHA-256 of a token is stored; the prefix lets people recognise a token in a list.
 */
import { createHash, randomBytes } from "node:crypto";

export const TOKEN_PREFIX = "slw_";
const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const SECRET_LENGTH = 40;

/** `length` random base62 characters (about 5.95 bits each). */
export function generateBase62(length: number): string {
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(64)) {
      // Rejection sampling keeps every character equally likely (248 = 4 * 62).
      if (byte < 248 && out.length < length) out += ALPHABET[byte % 62];
    }
  }
  return out;
}

/** A new random token secret. */
export function generateTokenSecret(): string {
  return TOKEN_PREFIX + generateBase62(SECRET_LENGTH);
}

/** The stored form of a token secret. */
export function hashTokenSecret(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

/** True when the string has the shape of one of our tokens (cheap check before a query). */
export function looksLikeToken(value: string): boolean {
  return value.startsWith(TOKEN_PREFIX) && value.length === TOKEN_PREFIX.length + SECRET_LENGTH && /^[0-9A-Za-z]+$/.test(value.slice(TOKEN_PREFIX.length));
}

/** What a list shows of a token: its prefix and first characters. */
export function displayPrefix(token: string): string {
  return token.slice(0, TOKEN_PREFIX.length + 6);
}
