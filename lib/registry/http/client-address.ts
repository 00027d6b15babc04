/**
 * The address a registry request came from, for the pull ledger and the throttle of
 * failed license attempts. The socket's peer only: a forwarded-for header is whatever
 * the client wants it to be, so trusting it would let anyone dodge the throttle.
 */
import type { IncomingMessage } from "node:http";

/** The peer's IP address (IPv4-mapped IPv6 written as plain IPv4), or "unknown". */
export function readClientAddress(req: IncomingMessage): string {
  const address = req.socket.remoteAddress;
  if (!address) return "unknown";
  return address.startsWith("::ffff:") && address.includes(".") ? address.slice(7) : address;
}
