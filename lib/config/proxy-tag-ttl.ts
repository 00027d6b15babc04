/**
 * How long the pull-through proxy trusts a tag it resolved upstream before asking again
 * with a HEAD: `PROXY_TAG_TTL` in seconds (default 60; 0 asks on every pull). Read at
 * start; a value that is not a whole number stops the start with a message.
 */
export const DEFAULT_PROXY_TAG_TTL_SECONDS = 60;
const MAX_PROXY_TAG_TTL_SECONDS = 7 * 24 * 60 * 60;

/** The tag TTL in seconds from the environment. */
export function resolveProxyTagTtlSeconds(env: Record<string, string | undefined> = process.env): number {
  const raw = env.PROXY_TAG_TTL?.trim();
  if (!raw) return DEFAULT_PROXY_TAG_TTL_SECONDS;
  const seconds = Number(raw);
  if (!/^\d+$/.test(raw) || seconds > MAX_PROXY_TAG_TTL_SECONDS) {
    throw new Error(`PROXY_TAG_TTL must be a whole number of seconds from 0 to ${MAX_PROXY_TAG_TTL_SECONDS}, not ${JSON.stringify(raw)}`);
  }
  return seconds;
}
