/**
 * The caller's network address for route handlers. The server (scripts/start.ts) sets
 * this header from the socket on every request, overwriting whatever a client sent, so
 * it cannot be forged the way X-Forwarded-For can.
 */
export const CLIENT_ADDRESS_HEADER = "x-slipway-client-address";

/** The address the request came from, or "unknown" when it was not served by our server. */
export function readClientAddress(request: Request): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? "unknown";
}
