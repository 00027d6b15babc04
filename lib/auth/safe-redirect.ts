/**
 * Where to send someone after sign-in. A `callbackUrl` is attacker-controlled: browsers
 * read `/\evil.example`, `/<TAB>/evil.example` and `//evil.example` as another host, so
 * string tests such as "starts with one slash" let them through. The target is resolved
 * against the portal's origin the way a browser resolves it (WHATWG URL: backslashes
 * become slashes, tabs and newlines vanish) and kept only when it stays on that origin.
 */

/** The default page after sign-in. */
export const DEFAULT_RETURN_PATH = "/apps";

// Any origin works for resolving a relative target; an absolute one must match the portal's.
const PLACEHOLDER_ORIGIN = "http://portal.invalid";

/**
 * The same-origin path (with query and fragment) `target` leads to, or `fallback` when it
 * leads elsewhere or is not a URL. `portalOrigin` (NEXTAUTH_URL) lets an absolute URL to
 * the portal itself through.
 */
export function resolveReturnPath(target: string | null | undefined, portalOrigin?: string | null, fallback = DEFAULT_RETURN_PATH): string {
  if (!target) return fallback;
  const origin = readOrigin(portalOrigin) ?? PLACEHOLDER_ORIGIN;
  let url: URL;
  try {
    url = new URL(target, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== origin) return fallback;
  // `http://portal//evil.example` has the path `//evil.example`, which a browser would read as a host.
  const path = url.pathname.replace(/^\/+/, "/");
  return `${path}${url.search}${url.hash}`;
}

/** The absolute same-origin URL for next-auth's `redirect` callback (`baseUrl` is the portal's). */
export function resolveSameOriginUrl(target: string, baseUrl: string): string {
  const origin = readOrigin(baseUrl) ?? PLACEHOLDER_ORIGIN;
  return `${origin}${resolveReturnPath(target, origin)}`;
}

function readOrigin(value: string | null | undefined): string | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url.origin : null;
  } catch {
    return null;
  }
}
