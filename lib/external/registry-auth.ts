/**
 * Answering a registry's challenge (Docker "Token Authentication Specification"):
 * `Basic` gets the stored credentials directly; `Bearer` sends them to the realm
 * (itself SSRF-checked) with the registry's `service` and a `repository:<name>:pull`
 * scope, and uses the token it returns.
 */
import type { Deadline } from "./deadline";
import { sendGuardedRequest, type GuardOptions } from "./guarded-request";
import { describeUpstreamError, UpstreamError } from "./upstream-error";
import { findChallenge, type AuthChallenge } from "./www-authenticate";

export interface RegistryCredentials {
  username?: string;
  password?: string;
}

const MAX_TOKEN_RESPONSE_BYTES = 256 * 1024;

/** The scope that lets a token pull one repository. */
export function pullScope(repository: string): string {
  return `repository:${repository}:pull`;
}

/** The values to scrub from any upstream text shown for these credentials. */
export function secretsOf(credentials: RegistryCredentials): string[] {
  const { username, password } = credentials;
  if (!password) return [];
  return [password, `${username ?? ""}:${password}`];
}

function basicHeader(credentials: RegistryCredentials): string {
  return `Basic ${Buffer.from(`${credentials.username ?? ""}:${credentials.password ?? ""}`).toString("base64")}`;
}

function hasCredentials(credentials: RegistryCredentials): boolean {
  return Boolean(credentials.username || credentials.password);
}

export interface Authorization {
  /** The `Authorization` header value. */
  header: string;
  /** How it was obtained, for messages: "Basic", or "Bearer token from auth.example.com". */
  via: string;
}

/**
 * Builds the Authorization header that answers one of the challenges, preferring
 * Bearer. Throws UpstreamError `protocol` for challenges we cannot answer.
 */
export async function answerChallenge(
  challenges: AuthChallenge[],
  credentials: RegistryCredentials,
  options: { scope?: string; deadline: Deadline; guard: GuardOptions },
): Promise<Authorization> {
  const bearer = findChallenge(challenges, "bearer");
  if (bearer) {
    const { token, realmHost } = await fetchBearerToken(bearer, credentials, options);
    return { header: `Bearer ${token}`, via: `a Bearer token from ${realmHost}` };
  }
  if (findChallenge(challenges, "basic")) {
    if (!hasCredentials(credentials)) throw new UpstreamError("unauthorized", "The registry asks for credentials (Basic), and none are stored.");
    return { header: basicHeader(credentials), via: "Basic authentication" };
  }
  const schemes = challenges.map((challenge) => challenge.scheme).join(", ") || "none";
  throw new UpstreamError("protocol", `The registry asks for an authentication scheme this client does not speak (${schemes}); only Basic and Bearer are supported.`);
}

function realmUrl(challenge: AuthChallenge, scope: string | undefined): URL {
  let url: URL;
  try {
    url = new URL(challenge.params.realm ?? "");
  } catch {
    throw new UpstreamError("protocol", `The registry's Bearer challenge has no usable realm URL ("${challenge.params.realm ?? ""}").`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new UpstreamError("protocol", `The registry's token realm uses the unsupported scheme ${url.protocol}.`);
  }
  if (challenge.params.service) url.searchParams.set("service", challenge.params.service);
  const effectiveScope = scope ?? challenge.params.scope;
  if (effectiveScope) url.searchParams.set("scope", effectiveScope);
  return url;
}

/**
 * Gets a token from the challenge's realm (`GET realm?service=&scope=&account=` with
 * Basic credentials, the form every token server supports). Refused credentials are
 * UpstreamError `unauthorized` carrying the token server's own words.
 */
export async function fetchBearerToken(
  challenge: AuthChallenge,
  credentials: RegistryCredentials,
  options: { scope?: string; deadline: Deadline; guard: GuardOptions },
): Promise<{ token: string; realmHost: string }> {
  const url = realmUrl(challenge, options.scope);
  const headers: Record<string, string> = { accept: "application/json" };
  if (hasCredentials(credentials)) {
    if (credentials.username) url.searchParams.set("account", credentials.username);
    headers.authorization = basicHeader(credentials);
  }
  const response = await sendGuardedRequest({
    method: "GET",
    url,
    headers,
    deadline: options.deadline,
    guard: options.guard,
    maxBodyBytes: MAX_TOKEN_RESPONSE_BYTES,
  });
  const upstream = () => describeUpstreamError(response.status, response.statusText, response.body, secretsOf(credentials));
  if (response.status === 401 || response.status === 403) {
    throw new UpstreamError("unauthorized", `The token server at ${url.host} refused the credentials: ${upstream()}`, { upstreamStatus: response.status });
  }
  if (response.status === 429) {
    throw new UpstreamError("rate_limited", `The token server at ${url.host} is rate limiting: ${upstream()}`, {
      upstreamStatus: 429,
      retryAfter: parseRetryAfter(response.headers["retry-after"]),
    });
  }
  if (response.status !== 200) {
    throw new UpstreamError("upstream", `The token server at ${url.host} answered HTTP ${response.status}: ${upstream()}`, { upstreamStatus: response.status });
  }
  return { token: readToken(response.body, url.host), realmHost: url.host };
}

function readToken(body: Buffer, host: string): string {
  let parsed: { token?: unknown; access_token?: unknown };
  try {
    parsed = JSON.parse(body.toString("utf8")) as typeof parsed;
  } catch {
    throw new UpstreamError("protocol", `The token server at ${host} did not answer with JSON.`);
  }
  const token = typeof parsed?.token === "string" && parsed.token ? parsed.token : parsed?.access_token;
  if (typeof token !== "string" || !token) throw new UpstreamError("protocol", `The token server at ${host} answered without a token.`);
  if (/[\r\n]/.test(token)) throw new UpstreamError("protocol", `The token server at ${host} answered with a malformed token.`);
  return token;
}

/** Seconds from a `Retry-After` header (delta-seconds or HTTP date), if present and sane. */
export function parseRetryAfter(value: string | string[] | undefined): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (!text) return undefined;
  if (/^\d+$/.test(text.trim())) return Number(text.trim());
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
