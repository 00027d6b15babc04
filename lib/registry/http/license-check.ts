/**
 * Re-checks the license behind a license token on every request, so a revocation
 * (archived customer, rotated ID) or an expiry stops tokens that are still within their
 * lifetime. The answer is reused per handler for `licenseCheckCacheMs` (default 10 s):
 * a pull of many layers asks the database once, and a revocation bites within that
 * window. Concurrent requests for one license share one query (the cached promise).
 * A failed query is not cached, so the next request asks again.
 */
import type { RegistryHandlerOptions } from "@/lib/registry/http/context";
import type { LicenseClaim } from "@/lib/registry/token/token-service";

export const DEFAULT_LICENSE_CHECK_CACHE_MS = 10_000;
const MAX_CACHED_LICENSES = 4096;
const NO_CHECKER = "license tokens are not accepted here";

interface CachedCheck {
  expiresAt: number;
  answer: Promise<string | null>;
}

const checksByHandler = new WeakMap<RegistryHandlerOptions, Map<string, CachedCheck>>();

/** Why the token's license no longer works, or null while it does; a handler without a checker refuses every license token. */
export function checkLicenseCached(options: RegistryHandlerOptions, license: LicenseClaim): Promise<string | null> {
  const check = options.checkLicense;
  if (!check) return Promise.resolve(NO_CHECKER);
  let cache = checksByHandler.get(options);
  if (!cache) checksByHandler.set(options, (cache = new Map()));
  const key = `${license.customerId}\u0000${license.fingerprint}`;
  const now = Date.now();
  const known = cache.get(key);
  if (known && known.expiresAt > now) return known.answer;
  if (known) cache.delete(key);
  if (cache.size >= MAX_CACHED_LICENSES) cache.delete(cache.keys().next().value!);
  const answer = check(license.customerId, license.fingerprint);
  const entry = { expiresAt: now + (options.licenseCheckCacheMs ?? DEFAULT_LICENSE_CHECK_CACHE_MS), answer };
  cache.set(key, entry);
  answer.catch(() => {
    if (cache.get(key) === entry) cache.delete(key);
  });
  return answer;
}
