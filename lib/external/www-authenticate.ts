/**
 * `WWW-Authenticate` parsing (RFC 9110 §11.6.1): one header may carry several
 * challenges, and parameter values may be quoted strings holding commas, as in
 * distribution's `Bearer realm="…",service="…",scope="repository:a:pull,push"`.
 */

export interface AuthChallenge {
  /** Lower-case scheme: "basic", "bearer", ... */
  scheme: string;
  /** Parameters by lower-case name, values unquoted. */
  params: Record<string, string>;
}

const TOKEN_CHAR = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

/** Parses one or more header values into challenges; malformed tails are dropped, never thrown. */
export function parseWwwAuthenticate(header: string | string[] | undefined): AuthChallenge[] {
  if (header === undefined) return [];
  const values = Array.isArray(header) ? header : [header];
  return values.flatMap(parseHeaderValue);
}

function parseHeaderValue(value: string): AuthChallenge[] {
  const challenges: AuthChallenge[] = [];
  const cursor = { text: value, pos: 0 };
  while (cursor.pos < value.length) {
    skip(cursor, /[\s,]/);
    const scheme = readToken(cursor);
    if (!scheme) break;
    const challenge: AuthChallenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    readParams(cursor, challenge.params);
  }
  return challenges;
}

function readParams(cursor: Cursor, params: Record<string, string>): void {
  while (cursor.pos < cursor.text.length) {
    const start = cursor.pos;
    skip(cursor, /[\s,]/);
    const name = readToken(cursor);
    skip(cursor, /\s/);
    if (!name || cursor.text[cursor.pos] !== "=") {
      // A token with no "=" starts the next challenge.
      cursor.pos = start;
      return;
    }
    cursor.pos++;
    skip(cursor, /\s/);
    params[name.toLowerCase()] = cursor.text[cursor.pos] === '"' ? readQuoted(cursor) : readToken(cursor);
    skip(cursor, /\s/);
    if (cursor.text[cursor.pos] === ",") cursor.pos++;
  }
}

interface Cursor {
  text: string;
  pos: number;
}

function skip(cursor: Cursor, chars: RegExp): void {
  while (cursor.pos < cursor.text.length && chars.test(cursor.text[cursor.pos])) cursor.pos++;
}

function readToken(cursor: Cursor): string {
  const start = cursor.pos;
  while (cursor.pos < cursor.text.length && TOKEN_CHAR.test(cursor.text[cursor.pos])) cursor.pos++;
  return cursor.text.slice(start, cursor.pos);
}

function readQuoted(cursor: Cursor): string {
  let result = "";
  cursor.pos++; // opening quote
  while (cursor.pos < cursor.text.length) {
    const char = cursor.text[cursor.pos++];
    if (char === '"') return result;
    result += char === "\\" && cursor.pos < cursor.text.length ? cursor.text[cursor.pos++] : char;
  }
  return result;
}

/** The first challenge with the given scheme, if any. */
export function findChallenge(challenges: AuthChallenge[], scheme: "basic" | "bearer"): AuthChallenge | undefined {
  return challenges.find((challenge) => challenge.scheme === scheme);
}
