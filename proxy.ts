// Next.js proxy (the file convention that replaced middleware): every page response gets
// a fresh CSP nonce. Next.js reads the policy from the request headers to put the nonce on
// its own scripts; the registry (/v2/) never reaches Next.js (scripts/start.ts serves it).
import { NextResponse, type NextRequest } from "next/server";
import { REQUESTED_PATH_HEADER, readRequestedPath } from "@/lib/auth/requested-path";
import { buildContentSecurityPolicy, createNonce } from "@/lib/security/content-security-policy";

export function proxy(request: NextRequest) {
  const nonce = createNonce();
  // eslint-disable-next-line no-restricted-properties -- NODE_ENV is inlined by Next.js at build time; it is not a setting
  const policy = buildContentSecurityPolicy(nonce, { isDev: process.env.NODE_ENV !== "production" });
  const headers = new Headers(request.headers);
  headers.set("x-nonce", nonce);
  headers.set("Content-Security-Policy", policy);
  // The page asked for, so a sign-in redirect comes back to it (lib/api/session.ts); set here, never taken from the client.
  headers.set(REQUESTED_PATH_HEADER, readRequestedPath(request.nextUrl));
  const response = NextResponse.next({ request: { headers } });
  response.headers.set("Content-Security-Policy", policy);
  return response;
}

export const config = {
  // Pages only: API answers and static files run no scripts.
  matcher: [{ source: "/((?!api/|_next/static|_next/image|favicon).*)", missing: [{ type: "header", key: "next-router-prefetch" }] }],
};
