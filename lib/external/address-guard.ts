/**
 * The SSRF guard for server-side requests to external registries. A destination is
 * refused when any address its name resolves to is not publicly routable, unless the
 * operator lists the host or a CIDR in `EXTERNAL_REGISTRY_ALLOW`. Checking every
 * address (not just the first) closes the "one public, one private A record" trick;
 * callers then pin the connection to the checked addresses so DNS cannot change
 * between the check and the connect.
 */
import { promises as dns } from "node:dns";
import { cidr, extractEmbeddedIpv4, formatIp, isInCidr, parseCidr, parseIp, type CidrRange, type IpAddress } from "./ip-address";
import { UpstreamError } from "./upstream-error";

export const ALLOW_ENV = "EXTERNAL_REGISTRY_ALLOW";

/** IANA special-purpose ranges that are not globally reachable, with words for messages. */
const NON_PUBLIC_RANGES: Array<[CidrRange, string]> = [
  [cidr("0.0.0.0/8"), "a \"this network\" address"],
  [cidr("10.0.0.0/8"), "a private address"],
  [cidr("100.64.0.0/10"), "a carrier-grade NAT address"],
  [cidr("127.0.0.0/8"), "a loopback address"],
  [cidr("169.254.0.0/16"), "a link-local address (this includes the cloud metadata service)"],
  [cidr("172.16.0.0/12"), "a private address"],
  [cidr("192.0.0.0/24"), "an IETF protocol address"],
  [cidr("192.0.2.0/24"), "a documentation address"],
  [cidr("192.88.99.0/24"), "a 6to4 relay address"],
  [cidr("192.168.0.0/16"), "a private address"],
  [cidr("198.18.0.0/15"), "a benchmarking address"],
  [cidr("198.51.100.0/24"), "a documentation address"],
  [cidr("203.0.113.0/24"), "a documentation address"],
  [cidr("224.0.0.0/4"), "a multicast address"],
  [cidr("240.0.0.0/4"), "a reserved address"],
  [cidr("::/128"), "the unspecified address"],
  [cidr("::1/128"), "a loopback address"],
  [cidr("::/96"), "a deprecated IPv4-compatible address"],
  [cidr("64:ff9b::/96"), "a NAT64 address"],
  [cidr("64:ff9b:1::/48"), "a NAT64 address"],
  [cidr("100::/64"), "a discard-only address"],
  [cidr("2001::/32"), "a Teredo tunnel address"],
  [cidr("2001:2::/48"), "a benchmarking address"],
  [cidr("2001:10::/28"), "an ORCHID address"],
  [cidr("2001:db8::/32"), "a documentation address"],
  [cidr("fc00::/7"), "a unique-local (private) address"],
  [cidr("fe80::/10"), "a link-local address"],
  [cidr("fec0::/10"), "a site-local address"],
  [cidr("ff00::/8"), "a multicast address"],
];

const LOOPBACK_RANGES = [cidr("127.0.0.0/8"), cidr("::1/128")];

export interface AllowList {
  /** Lower-case host names allowed whatever they resolve to. */
  hosts: ReadonlySet<string>;
  /** Address ranges allowed even though they are not public. */
  ranges: readonly CidrRange[];
}

export const EMPTY_ALLOW_LIST: AllowList = { hosts: new Set(), ranges: [] };

/** Resolves a host name to all of its addresses. */
export type Resolver = (hostname: string) => Promise<string[]>;

export interface CheckedDestination {
  host: string;
  /** Every address the host resolved to, all checked; connect only to these. */
  addresses: string[];
  /** The operator allowed this host or all of its addresses explicitly. */
  isAllowListed: boolean;
  /** Every address is a loopback address. */
  isLoopback: boolean;
}

/** Why an address is not public ("a private address", ...), or null when it is public. */
export function explainNonPublicAddress(ip: string): string | null {
  const parsed = parseIp(ip);
  if (!parsed) return "not an IP address";
  const embedded = extractEmbeddedIpv4(parsed);
  if (embedded) {
    const reason = explainParsed(embedded);
    if (reason) return `${reason} (IPv4 ${formatIp(embedded)} inside IPv6)`;
  }
  return explainParsed(parsed);
}

function explainParsed(address: IpAddress): string | null {
  if (address.version === 4 && address.bytes.every((byte) => byte === 255)) return "the broadcast address";
  const hit = NON_PUBLIC_RANGES.find(([range]) => isInCidr(address, range));
  return hit ? hit[1] : null;
}

/** True when the address is globally routable; IPv4 inside IPv6 is judged as IPv4. */
export function isPublicAddress(ip: string): boolean {
  return explainNonPublicAddress(ip) === null;
}

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackAddress(ip: string): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  const address = extractEmbeddedIpv4(parsed) ?? parsed;
  return LOOPBACK_RANGES.some((range) => isInCidr(address, range));
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/;

/**
 * Parses `EXTERNAL_REGISTRY_ALLOW`: comma-separated host names, IP addresses and CIDRs
 * (`registry.internal, 10.1.0.0/16, 127.0.0.1, [::1], fd00::/8`). Throws on a bad entry
 * so a typo fails at start-up instead of silently allowing nothing.
 */
export function parseAllowList(value: string | undefined): AllowList {
  const hosts = new Set<string>();
  const ranges: CidrRange[] = [];
  for (const raw of (value ?? "").split(",")) {
    const entry = raw.trim().toLowerCase().replace(/\.$/, "");
    if (!entry) continue;
    const range = parseCidr(entry.replace(/^\[([^\]]*)\]/, "$1"));
    if (range) ranges.push(range);
    else if (HOST_NAME.test(entry)) hosts.add(entry);
    else throw new Error(`${ALLOW_ENV}: "${entry}" is neither a host name, an IP address nor a CIDR such as 10.0.0.0/8.`);
  }
  return { hosts, ranges };
}

/** True when the operator's list names this host (case-insensitive). */
export function isAllowedHost(host: string, allow: AllowList): boolean {
  return allow.hosts.has(host.toLowerCase().replace(/\.$/, "").replace(/^\[|\]$/g, ""));
}

/** True when the address falls in one of the operator's ranges (mapped IPv6 matches IPv4 ranges too). */
export function isAllowedAddress(ip: string, allow: AllowList): boolean {
  const parsed = parseIp(ip);
  if (!parsed) return false;
  const candidates = [parsed, extractEmbeddedIpv4(parsed)].filter((a): a is IpAddress => a !== null);
  return allow.ranges.some((range) => candidates.some((address) => isInCidr(address, range)));
}

/** The default resolver: the system's resolver (as `connect` would use), every address. */
export const resolveWithSystemDns: Resolver = async (hostname) => {
  const results = await dns.lookup(hostname, { all: true, verbatim: true });
  return results.map((result) => result.address);
};

/**
 * Resolves `host` and refuses it (UpstreamError `refused_address`) when any address is
 * not public and not allowed; DNS failures are UpstreamError `dns`. Sends no traffic
 * to the host itself.
 */
export async function checkDestination(
  host: string,
  options: { allow: AllowList; resolve?: Resolver },
): Promise<CheckedDestination> {
  const bareHost = host.replace(/^\[|\]$/g, "");
  const addresses = parseIp(bareHost) ? [bareHost] : await resolveOrThrow(bareHost, options.resolve ?? resolveWithSystemDns);
  const hostAllowed = isAllowedHost(bareHost, options.allow);
  for (const address of addresses) {
    const reason = explainNonPublicAddress(address);
    if (reason && !hostAllowed && !isAllowedAddress(address, options.allow)) {
      const via = address === bareHost ? `${address} is` : `"${bareHost}" resolves to ${address},`;
      throw new UpstreamError(
        "refused_address",
        `Refused: ${via} ${reason}. Requests to loopback, private, link-local and other non-public addresses are blocked; ` +
          `an operator can allow this host by adding it (or a CIDR) to ${ALLOW_ENV}.`,
      );
    }
  }
  return {
    host: bareHost,
    addresses,
    isAllowListed: hostAllowed || addresses.every((address) => isAllowedAddress(address, options.allow)),
    isLoopback: addresses.every(isLoopbackAddress),
  };
}

async function resolveOrThrow(host: string, resolve: Resolver): Promise<string[]> {
  let addresses: string[];
  try {
    addresses = await resolve(host);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const words = code === "ENOTFOUND" ? "no such host" : code === "EAI_AGAIN" ? "the DNS server did not answer" : (code ?? "lookup failed");
    throw new UpstreamError("dns", `DNS lookup of "${host}" failed: ${words}.`);
  }
  if (addresses.length === 0) throw new UpstreamError("dns", `DNS lookup of "${host}" returned no addresses.`);
  const invalid = addresses.find((address) => !parseIp(address));
  if (invalid !== undefined) throw new UpstreamError("dns", `DNS lookup of "${host}" returned "${invalid}", which is not an IP address.`);
  return addresses;
}
