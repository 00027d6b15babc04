/**
 * The page a request asked for, carried from proxy.ts to the pages in a request header,
 * so a protected page's sign-in redirect returns to it (path and query) instead of a
 * fixed page. proxy.ts overwrites the header on every page request: a client cannot set it.
 */
export const REQUESTED_PATH_HEADER = "x-slipway-requested-path";

/** Path and query of a page URL, without Next.js's internal `_rsc` cache-buster. */
export function readRequestedPath(url: URL): string {
  const search = new URLSearchParams(url.search);
  search.delete("_rsc");
  const query = search.toString();
  return `${url.pathname}${query ? `?${query}` : ""}`;
}
