/**
 * What the push commands need to know about the registry's address: the host[:port]
 * clients put in front of image names, and whether it speaks plain HTTP.
 */
import { splitAuthority, stripScheme } from "@/lib/net/host-port";

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

/** The host part of "host:port", "[::1]:port" or "host", lowercased (a bare IPv6 literal as it is). */
function readHostname(host: string): string {
  return splitAuthority(host)?.hostname ?? host.toLowerCase();
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
  const { rest: host, scheme } = stripScheme(raw.trim());
  const isLoopback = host !== "" && isLoopbackHost(host);
  const isPlainHttp = scheme === "http" || (scheme === undefined && isLoopback);
  return { host, isLoopback, isPlainHttp };
}
