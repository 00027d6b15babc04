/**
 * `n` / `last` pagination with an RFC 5988 `Link` header (spec "Listing Tags"; the
 * catalog follows the same rules): results in byte order after `last`, at most `n`,
 * and `Link: <…?n=…&last=…>; rel="next"` only when more remain. `n=0` is an empty page.
 */
import { RegistryError } from "@/lib/registry/errors";
import { findControlCharacter } from "@/lib/text/control-characters";

/** Never answer more than this many names at once, whatever `n` says. */
export const MAX_PAGE_SIZE = 10_000;

export interface PageRequest {
  limit: number | null;
  last: string | null;
}

/**
 * Reads `n` and `last`; an `n` that is not a non-negative integer is ignored. A `last`
 * with a control character names no tag or repository and could not even be compared in
 * the database: 400.
 */
export function parsePageRequest(url: URL): PageRequest {
  const n = url.searchParams.get("n");
  const limit = n !== null && /^\d+$/.test(n) ? Math.min(Number(n), MAX_PAGE_SIZE) : null;
  const last = url.searchParams.get("last");
  const control = last === null ? null : findControlCharacter(last);
  if (control) throw new RegistryError("UNSUPPORTED", `last: contains the control character ${control}; pass the last tag or repository name of the previous page`, undefined, { status: 400 });
  return { limit, last: last === "" ? null : last };
}

/**
 * Cuts a page from `rows` fetched with one extra row (limit + 1) and gives the Link
 * header for the next page when that extra row shows there is one.
 */
export function cutPage(rows: string[], page: PageRequest, path: string): { items: string[]; link: string | null } {
  const limit = page.limit ?? MAX_PAGE_SIZE;
  if (rows.length <= limit) return { items: rows, link: null };
  const items = rows.slice(0, limit);
  const last = items[items.length - 1]!;
  return { items, link: `<${path}?n=${limit}&last=${encodeURIComponent(last)}>; rel="next"` };
}

/** The row count to fetch for a page: one more than shown, to know whether another page follows. */
export function fetchLimit(page: PageRequest): number {
  return (page.limit ?? MAX_PAGE_SIZE) + 1;
}
