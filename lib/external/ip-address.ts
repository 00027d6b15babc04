/**
 * IP addresses as bytes, and CIDR ranges over them. Kept as our own small math (not
 * `net.BlockList`) so that IPv4 embedded in IPv6 (mapped, compatible, 6to4) can be
 * pulled out explicitly and judged by the IPv4 rules.
 */
import { isIP } from "node:net";

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

export interface CidrRange {
  version: 4 | 6;
  bytes: Uint8Array;
  prefix: number;
}

/** Parses an IPv4 or IPv6 literal (brackets and a `%zone` suffix are accepted), or null. */
export function parseIp(text: string): IpAddress | null {
  const bare = text.replace(/^\[(.*)\]$/, "$1").replace(/%.*$/, "");
  const version = isIP(bare);
  if (version === 4) return { version: 4, bytes: parseIpv4(bare) };
  if (version === 6) return { version: 6, bytes: parseIpv6(bare) };
  return null;
}

function parseIpv4(text: string): Uint8Array {
  return Uint8Array.from(text.split(".").map(Number));
}

/** Expands `::` and a trailing dotted quad; the input has already passed `isIP`. */
function parseIpv6(text: string): Uint8Array {
  let source = text.toLowerCase();
  const dotted = source.match(/(\d+\.\d+\.\d+\.\d+)$/);
  if (dotted) {
    const v4 = parseIpv4(dotted[1]);
    const hex = `${((v4[0] << 8) | v4[1]).toString(16)}:${((v4[2] << 8) | v4[3]).toString(16)}`;
    source = source.slice(0, -dotted[1].length) + hex;
  }
  const [head, tail] = source.includes("::") ? source.split("::") : [source, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups = [...headGroups, ...Array<string>(tail === undefined ? 0 : missing).fill("0"), ...tailGroups];
  const bytes = new Uint8Array(16);
  groups.forEach((group, index) => {
    const value = parseInt(group, 16);
    bytes[index * 2] = value >> 8;
    bytes[index * 2 + 1] = value & 0xff;
  });
  return bytes;
}

/** Parses `10.0.0.0/8`, `fc00::/7` or a single address (a full-length prefix); null when malformed. */
export function parseCidr(text: string): CidrRange | null {
  const [addressPart, prefixPart, extra] = text.split("/");
  if (extra !== undefined) return null;
  const address = parseIp(addressPart);
  if (!address) return null;
  const maxPrefix = address.version === 4 ? 32 : 128;
  if (prefixPart === undefined) return { ...address, prefix: maxPrefix };
  if (!/^\d{1,3}$/.test(prefixPart) || Number(prefixPart) > maxPrefix) return null;
  return { ...address, prefix: Number(prefixPart) };
}

/** True when the address lies inside the range (same IP version only). */
export function isInCidr(address: IpAddress, range: CidrRange): boolean {
  if (address.version !== range.version) return false;
  let bits = range.prefix;
  for (let i = 0; bits > 0; i++, bits -= 8) {
    const mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
    if ((address.bytes[i] & mask) !== (range.bytes[i] & mask)) return false;
  }
  return true;
}

/** Shorthand for building a table of ranges from literals known to be valid. */
export function cidr(text: string): CidrRange {
  const range = parseCidr(text);
  if (!range) throw new Error(`Invalid CIDR literal: ${text}`);
  return range;
}

/** The IPv4 address carried inside an IPv6 one (mapped, compatible, 6to4), or null. */
export function extractEmbeddedIpv4(address: IpAddress): IpAddress | null {
  if (address.version !== 6) return null;
  const b = address.bytes;
  const firstTenZero = b.slice(0, 10).every((byte) => byte === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated but still routed by some stacks);
  // :: and ::1 are their own IPv6 addresses, not compatible forms.
  const isMapped = firstTenZero && b[10] === 0xff && b[11] === 0xff;
  const isCompatible = firstTenZero && b[10] === 0 && b[11] === 0 && (b[12] | b[13] | b[14]) !== 0;
  if (isMapped || isCompatible) return { version: 4, bytes: b.slice(12, 16) };
  // 2002:aabb:ccdd::/48 (6to4) carries a.b.c.d in bits 16-47.
  if (b[0] === 0x20 && b[1] === 0x02) return { version: 4, bytes: b.slice(2, 6) };
  return null;
}

/** Formats an address the way Node prints it (compressed IPv6, dotted IPv4). */
export function formatIp(address: IpAddress): string {
  if (address.version === 4) return Array.from(address.bytes).join(".");
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((address.bytes[i] << 8) | address.bytes[i + 1]).toString(16));
  return new URL(`http://[${groups.join(":")}]`).hostname.replace(/^\[|\]$/g, "");
}
