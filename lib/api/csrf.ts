/**
 * Cross-site request forgery guard for requests the browser's cookies authenticate.
 * Cookies do not isolate ports or sibling subdomains (SameSite=Lax treats them as the
 * same site), so an attacker's page on another port could otherwise change a signed-in
 * user's data. A state-changing request riding on the session cookie must show it comes
 * from the portal's own pages:
 *   1. `Sec-Fetch-Site: same-origin` (or `none`: typed by the user), or, when the browser
 *      sends no Sec-Fetch-Site, an `Origin` equal to the portal's origin (the Host the
 *      request came to, or NEXTAUTH_URL's origin behind a proxy);
 *   2. a body, if any, declared `application/json` (or `application/yaml`, which raw
 *      release YAML uses): an HTML form or a `no-cors` fetch can only send text/plain,
 *      urlencoded or multipart bodies; any other type needs a preflight we never grant.
 * A request with neither Sec-Fetch-Site nor Origin is not from a browser (every browser
 * sends Origin on non-GET requests), so it cannot be forged this way and passes rule 1,
 * as in Go's net/http CrossOriginProtection. Bearer-token and Basic requests never reach
 * here: no browser attaches those on its own.
 */
import { getConfig } from "@/lib/config";
import { AppError } from "@/lib/errors";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export interface CsrfOptions {
  /** Refuse a body that is not JSON (or YAML): the JSON API. next-auth's own forms post urlencoded bodies. */
  requireJson?: boolean;
  /** The configured public origin (NEXTAUTH_URL); defaults to the environment's. */
  publicUrl?: string;
}

/** Why this request must be refused as a possible forgery, or null when it may proceed. */
export function explainCsrfRefusal(request: Request, options: CsrfOptions = {}): string | null {
  if (SAFE_METHODS.has(request.method.toUpperCase())) return null;
  const originProblem = explainOriginMismatch(request, options.publicUrl ?? getConfig().NEXTAUTH_URL);
  if (originProblem) return originProblem;
  if (options.requireJson && hasBody(request) && !isApiBodyType(request.headers.get("content-type"))) {
    return "Requests made with the session cookie must send their body as Content-Type: application/json (application/yaml for release YAML).";
  }
  return null;
}

/** Throws `forbidden` with the reason when explainCsrfRefusal refuses the request. */
export function assertNotForged(request: Request, options: CsrfOptions = {}): void {
  const refusal = explainCsrfRefusal(request, options);
  if (refusal) throw new AppError("forbidden", refusal);
}

function explainOriginMismatch(request: Request, publicUrl: string | undefined): string | null {
  const site = request.headers.get("sec-fetch-site")?.trim().toLowerCase();
  if (site === "same-origin" || site === "none") return null;
  const origin = request.headers.get("origin");
  if (site === undefined && origin === null) return null;
  if (origin !== null && isPortalOrigin(origin, request, publicUrl)) return null;
  return "This request came from another site or origin (Origin or Sec-Fetch-Site). Use the portal's own pages, or a personal access token for scripts.";
}

function isPortalOrigin(origin: string, request: Request, publicUrl: string | undefined): boolean {
  const parsed = parseOrigin(origin);
  if (!parsed) return false;
  const host = request.headers.get("host") ?? new URL(request.url).host;
  if (parsed.host.toLowerCase() === host.toLowerCase()) return true;
  const configured = publicUrl?.trim() ? parseOrigin(publicUrl.trim()) : null;
  return configured !== null && configured.origin === parsed.origin;
}

function parseOrigin(value: string): URL | null {
  if (value === "null") return null;
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Whether the request declares a body: a type, a non-zero length or chunked transfer
 * (what browsers send with one). A body-less DELETE or POST needs no type.
 */
function hasBody(request: Request): boolean {
  if (request.headers.has("content-type") || request.headers.has("transfer-encoding")) return true;
  const length = request.headers.get("content-length");
  return length !== null && length.trim() !== "0";
}

const API_BODY_TYPES = new Set(["application/json", "application/yaml"]);

/** `application/json` or `application/yaml`, with or without parameters such as charset. */
function isApiBodyType(value: string | null): boolean {
  return API_BODY_TYPES.has(value?.split(";")[0]?.trim().toLowerCase() ?? "");
}
