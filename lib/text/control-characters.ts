/**
 * Control characters in input: PostgreSQL cannot store NUL in text at all (the query
 * fails with an internal error), and the other C0 controls and DEL are never meant in a
 * name, an e-mail or a search. Tabs and line breaks stay allowed: release YAML and notes
 * are multi-line.
 */

const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

/** The first control character in `text` as `U+XXXX`, or null when there is none. */
export function findControlCharacter(text: string): string | null {
  const match = CONTROL.exec(text);
  return match ? `U+${match[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}` : null;
}

/**
 * The path (`email`, `scopes[0].app`) and code point of the first string in a parsed JSON
 * value, key or value, that holds a control character; null when there is none.
 */
export function findControlCharacterIn(value: unknown, path = ""): { path: string; character: string } | null {
  if (typeof value === "string") {
    const character = findControlCharacter(value);
    return character ? { path: path || "value", character } : null;
  }
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findControlCharacterIn(item, `${path}[${index}]`);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === "object") {
    for (const [key, item] of Object.entries(value)) {
      const where = path ? `${path}.${key}` : key;
      const inKey = findControlCharacter(key);
      if (inKey) return { path: where, character: inKey };
      const found = findControlCharacterIn(item, where);
      if (found) return found;
    }
  }
  return null;
}
