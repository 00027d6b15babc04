/**
 * Passwords this process verified a moment ago. docker, podman and skopeo send the
 * password to the registry's token endpoint before every push and pull (a CI job signs
 * in dozens of times a minute), and argon2id is built to cost: 15-20 ms of CPU per
 * check on these machines, the largest single part of a small push. A repeat of a
 * password verified within PASSWORD_CHECK_CACHE skips argon2id; the e-mail's throttle
 * and the account's row are still read on every sign-in.
 *
 * What is kept is an HMAC-SHA256, under a random key made when the process starts, of
 * the account's stored hash and the password: never the password, nothing written
 * anywhere, nothing shared between instances. Naming the stored hash keeps it correct
 * with several instances: once the password changes (on any instance) the stored hash
 * is another and the entry no longer matches. Only successes are kept; a wrong password
 * always costs a full argon2id check. The price, as in other registries' credential
 * caches: whoever can read this process's memory may test guesses for an entry at
 * SHA-256 speed until it expires; the same reader sees passwords in request buffers.
 */
import { createHmac, randomBytes } from "node:crypto";

/** The most entries kept; past it the oldest go first. */
const MAX_ENTRIES = 4096;

export interface RecentPasswordChecks {
  /** True when `password` matched `passwordHash` within the window. */
  has(passwordHash: string, password: string): boolean;
  /** Records a successful argon2id check of `password` against `passwordHash`. */
  remember(passwordHash: string, password: string): void;
}

/** Checks remembered for `windowMs` (0: none, every check runs argon2id). */
export function createRecentPasswordChecks(windowMs: number, now: () => number = Date.now): RecentPasswordChecks {
  const key = randomBytes(32);
  const expiries = new Map<string, number>();
  const entryFor = (passwordHash: string, password: string) => createHmac("sha256", key).update(passwordHash).update("\0").update(password).digest("base64");
  return {
    has(passwordHash, password) {
      if (windowMs <= 0) return false;
      const entry = entryFor(passwordHash, password);
      const expiresAt = expiries.get(entry);
      if (expiresAt === undefined) return false;
      if (expiresAt > now()) return true;
      expiries.delete(entry);
      return false;
    },
    remember(passwordHash, password) {
      if (windowMs <= 0) return;
      const entry = entryFor(passwordHash, password);
      // Re-inserted at the end, so the Map's order stays oldest first.
      expiries.delete(entry);
      expiries.set(entry, now() + windowMs);
      if (expiries.size > MAX_ENTRIES) expiries.delete(expiries.keys().next().value!);
    },
  };
}
