/** The search box's text as a SQL LIKE pattern: a case-insensitive "contains". */

/** `%<q>%` with LIKE's wildcards and escape character escaped (use with `ESCAPE '\'`); null for an empty search. */
export function buildContainsPattern(q: string | null | undefined): string | null {
  const trimmed = q?.trim() ?? "";
  if (trimmed === "") return null;
  return `%${trimmed.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}
