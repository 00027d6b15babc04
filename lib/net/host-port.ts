/**
 * The one parser of a registry address: an optional `scheme://`, then the authority
 * `host[:port]` (`registry.example.com`, `localhost:5000`, `[::1]:5000`). It only splits;
 * each caller keeps its own rules and wording on top (the external-registry form, release
 * image references, the push instructions, REGISTRY_HOST). Pure and browser-safe.
 */

export interface Authority {
  /** Lower-case host name or IP literal, without brackets. */
  hostname: string;
  /** The text after the colon, unchecked; undefined when there is no colon. */
  port?: string;
  /** Written as `[...]` (an IPv6 literal). */
  isBracketed: boolean;
}

/**
 * Splits `host`, `host:port` or `[ipv6]:port`; null when it cannot be split: an unclosed
 * bracket, or more than one colon outside brackets (an IPv6 literal written bare).
 */
export function splitAuthority(authority: string): Authority | null {
  const bracketed = /^\[([^\]]*)\](?::(.*))?$/.exec(authority);
  if (bracketed) return { hostname: bracketed[1]!.toLowerCase(), port: bracketed[2], isBracketed: true };
  if (authority.startsWith("[")) return null;
  const parts = authority.split(":");
  if (parts.length > 2) return null;
  return { hostname: parts[0]!.toLowerCase(), port: parts[1], isBracketed: false };
}

/** Drops a leading `scheme://` (any scheme, reported lower-case) and trailing slashes. */
export function stripScheme(raw: string): { rest: string; scheme?: string } {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw);
  const rest = (match ? raw.slice(match[0].length) : raw).replace(/\/+$/, "");
  return match ? { rest, scheme: match[1]!.toLowerCase() } : { rest };
}
