/**
 * POSIX shell quoting for values pasted into generated commands. Values made only of
 * characters no shell treats specially are left bare so the common case stays readable.
 */

const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Returns `value` unchanged when it is a safe shell word, otherwise single-quoted ('\'' for quotes). */
export function shellQuote(value: string): string {
  if (value !== "" && SAFE_WORD.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
