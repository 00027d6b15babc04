/**
 * What went wrong while talking to an external registry, as one typed error. The
 * `reason` lets callers (the connection test, the release preview) phrase the
 * failure in plain words; the message is already safe to show: callers build it
 * from upstream text that has been passed through `redactSecrets`.
 */
import { AppError } from "@/lib/errors";

export type UpstreamFailureReason =
  | "refused_address"
  | "insecure_scheme"
  | "dns"
  | "connect"
  | "tls"
  | "timeout"
  | "too_many_redirects"
  | "not_registry"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "rate_limited"
  | "protocol"
  | "upstream";

export class UpstreamError extends AppError {
  readonly reason: UpstreamFailureReason;
  /** HTTP status the upstream answered with, when it answered. */
  readonly upstreamStatus?: number;

  constructor(reason: UpstreamFailureReason, message: string, options: { upstreamStatus?: number; retryAfter?: number } = {}) {
    super(reason === "rate_limited" ? "rate_limited" : "upstream_failed", message, { retryAfter: options.retryAfter });
    this.name = "UpstreamError";
    this.reason = reason;
    this.upstreamStatus = options.upstreamStatus;
  }
}

export function isUpstreamError(error: unknown): error is UpstreamError {
  return error instanceof UpstreamError;
}

const MAX_UPSTREAM_TEXT = 300;

/**
 * The ways a secret can appear in text an upstream sends back: as sent, percent-encoded
 * (a URL), form-encoded (a token request body: spaces as `+`), JSON-escaped (an echoed
 * request inside a JSON error), and base64 (a Basic header; callers pass `user:password`
 * as a secret of its own for that).
 */
function encodingsOf(secret: string): string[] {
  const formEncoded = new URLSearchParams({ s: secret }).toString().slice(2);
  return [secret, encodeURIComponent(secret), formEncoded, JSON.stringify(secret).slice(1, -1), Buffer.from(secret).toString("base64")];
}

/**
 * Replaces every occurrence of the given secrets, in every encoding above, in text that
 * came from upstream, so an endpoint that echoes our request back cannot make a stored
 * password appear in a message.
 */
export function redactSecrets(text: string, secrets: Array<string | undefined>): string {
  const forms = [...new Set(secrets.filter((secret): secret is string => Boolean(secret)).flatMap(encodingsOf))];
  // Longest first, so "user:password" goes as a whole before "password" alone.
  forms.sort((a, b) => b.length - a.length);
  return forms.reduce((result, form) => result.split(form).join("[redacted]"), text);
}

/**
 * The upstream's own words for an error response: the OCI error body's first
 * message (with its code), a token server's `details`/`error_description`, a short
 * plain-text body, or else the status line. Redacted of `secrets` before anything is
 * cut (a secret cut in half would pass the redaction), then truncated and single-line.
 */
export function describeUpstreamError(status: number, statusText: string, body: Buffer | undefined, secrets: Array<string | undefined>): string {
  // Redacted as received and again once JSON escapes are resolved (`\u0070` is `p`).
  const fromBody = body && body.length > 0 ? extractBodyMessage(redactSecrets(body.toString("utf8"), secrets)) : undefined;
  const text = redactSecrets(fromBody ?? `HTTP ${status}${statusText ? ` ${statusText}` : ""}`, secrets);
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_UPSTREAM_TEXT ? `${oneLine.slice(0, MAX_UPSTREAM_TEXT)}…` : oneLine;
}

function extractBodyMessage(text: string): string | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // HTML pages make poor messages; short plain text (some proxies) is kept.
    return /^\s*</.test(text) || text.trim() === "" ? undefined : text;
  }
  if (!parsed || typeof parsed !== "object") return undefined;
  const body = parsed as Record<string, unknown>;
  const first = Array.isArray(body.errors) ? (body.errors[0] as Record<string, unknown> | undefined) : undefined;
  if (first && typeof first === "object") {
    const code = typeof first.code === "string" ? first.code : undefined;
    const message = typeof first.message === "string" ? first.message : undefined;
    if (code || message) return [code, message].filter(Boolean).join(": ");
  }
  for (const key of ["details", "error_description", "message", "error"]) {
    if (typeof body[key] === "string" && body[key]) return body[key] as string;
  }
  return undefined;
}

/** The first OCI error code in a registry error body (`MANIFEST_UNKNOWN`, `NAME_UNKNOWN`, ...), if any. */
export function extractOciErrorCode(body: Buffer | undefined): string | undefined {
  if (!body || body.length === 0) return undefined;
  try {
    const parsed = JSON.parse(body.toString("utf8")) as { errors?: Array<{ code?: unknown }> };
    const code = Array.isArray(parsed?.errors) ? parsed.errors[0]?.code : undefined;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}
