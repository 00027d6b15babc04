/**
 * What the push commands need to know about the registry's address: the host[:port]
 * clients put in front of image names, and whether it speaks plain HTTP.
 */

export interface RegistryAddress {
  /** host[:port] as it appears in image references, without scheme or trailing slash. */
  host: string;
  isLoopback: boolean;
  /**
   * True when clients must talk plain HTTP: an explicit `http://`, or a loopback host
   * given without a scheme (the portal's own development setup, e.g. `localhost:3000`).
   */
  isPlainHttp: boolean;
}

/** Splits "host:port", "[::1]:port" or "host" and returns the host part, lowercased. */
function readHostname(host: string): string {
  if (host.startsWith("[")) {
    const end = host.indexOf("]");
    return (end === -1 ? host.slice(1) : host.slice(1, end)).toLowerCase();
  }
  const colon = host.indexOf(":");
  return (colon === -1 ? host : host.slice(0, colon)).toLowerCase();
}

/**
 * True for localhost, *.localhost, 127.0.0.0/8 and ::1: the hosts docker treats as
 * insecure-allowed by default (its default insecure CIDR is 127.0.0.0/8).
 */
export function isLoopbackHost(host: string): boolean {
  const name = readHostname(host);
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (name === "::1" || name === "0:0:0:0:0:0:0:1") return true;
  return /^127(?:\.(?:25[0-5]|2[0-4]\d|1?\d?\d)){3}$/.test(name);
}

/** Normalises REGISTRY_HOST (tolerating a scheme or trailing slash) into the address clients use. */
export function parseRegistryAddress(raw: string): RegistryAddress {
  const trimmed = raw.trim();
  const scheme = /^(https?):\/\//i.exec(trimmed)?.[1]?.toLowerCase();
  const host = trimmed.replace(/^https?:\/\//i, "").replace(/\/+$/, "");
  const isLoopback = host !== "" && isLoopbackHost(host);
  const isPlainHttp = scheme === "http" || (scheme === undefined && isLoopback);
  return { host, isLoopback, isPlainHttp };
}
