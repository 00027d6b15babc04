import { findControlCharacter } from "@/lib/text/control-characters";

/**
 * HTTP Basic credentials from an Authorization header, or null when there are none or
 * they hold a control character (no account's name or secret does; NUL would even fail
 * the database look-up), so they are refused like any wrong credentials.
 */
export function parseBasicAuth(header: string | null): { username: string; password: string } | null {
  const match = header && /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0 || findControlCharacter(decoded) !== null) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
