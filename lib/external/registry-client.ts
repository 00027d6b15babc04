/**
 * A small OCI Distribution v2 client for external registries, enough to prove a
 * connection and look up manifests: `GET /v2/` (spec "Determining support"), the
 * auth challenge, and `HEAD /v2/<name>/manifests/<reference>` (spec "Checking if
 * content exists"). Every request goes through the SSRF-guarded, pinned transport.
 */
import { checkDestination, type AllowList, type CheckedDestination, type Resolver } from "./address-guard";
import { createDeadline, DEFAULT_STEP_TIMEOUT_MS, raceDeadline, type Deadline } from "./deadline";
import { normaliseEndpoint, resolveApiBase, resolveApiHost, toRepositoryPath, type NormalisedEndpoint } from "./endpoint";
import { chooseScheme, sendGuardedRequest, type GuardOptions, type UpstreamResponse } from "./guarded-request";
import { answerChallenge, parseRetryAfter, pullScope, secretsOf, type Authorization, type RegistryCredentials } from "./registry-auth";
import { describeUpstreamError, extractOciErrorCode, redactSecrets, UpstreamError } from "./upstream-error";
import { MANIFEST_ACCEPT } from "@/lib/registry/manifests/media-types";
import { findChallenge, parseWwwAuthenticate, type AuthChallenge } from "./www-authenticate";

/** Manifest and index media types we accept, so the registry answers with what it stores (named in the one media-type module). */
export { MANIFEST_ACCEPT };

export interface RegistryConnection {
  /** The stored (or raw) endpoint, such as `quay.io/mycompany`. */
  endpoint: string;
  username?: string;
  password?: string;
}

export interface RegistryClientOptions {
  allow: AllowList;
  resolve?: Resolver;
  /** The budget per step (or per look-up for `headManifest`); default 5 s. */
  timeoutMs?: number;
}

export interface RegistrySession {
  endpoint: NormalisedEndpoint;
  destination: CheckedDestination;
  scheme: "https" | "http";
  /** `scheme://api-host[:port]`, without `/v2/`. */
  base: string;
  credentials: RegistryCredentials;
  guard: GuardOptions;
  authorization?: Authorization;
}

export interface ApiProbe {
  status: number;
  challenges: AuthChallenge[];
  /** `/v2/` answered 200 without credentials. */
  isAnonymous: boolean;
}

export interface ManifestHead {
  repository: string;
  reference: string;
  digest?: string;
  mediaType?: string;
  size?: number;
}

/** Checks the endpoint's API host against the SSRF policy and picks the scheme; no traffic to the host yet. */
export async function openRegistrySession(
  endpoint: NormalisedEndpoint,
  credentials: RegistryCredentials,
  guard: GuardOptions,
  deadline: Deadline,
): Promise<RegistrySession> {
  const { host } = resolveApiHost(endpoint);
  const destination = await raceDeadline(checkDestination(host, guard), deadline, `The DNS lookup of ${host}`);
  const scheme = chooseScheme(endpoint, destination);
  return { endpoint, destination, scheme, base: resolveApiBase(endpoint, scheme), credentials, guard };
}

/** Sends one request to the session's registry with its current authorization. */
function sendToRegistry(session: RegistrySession, method: "GET" | "HEAD", path: string, deadline: Deadline, headers: Record<string, string> = {}) {
  const allHeaders: Record<string, string> = { "user-agent": "slipway", ...headers };
  if (session.authorization) allHeaders.authorization = session.authorization.header;
  return sendGuardedRequest({
    method,
    url: new URL(path, session.base),
    headers: allHeaders,
    deadline,
    guard: session.guard,
    pinned: session.destination,
  });
}

/** The upstream's words for a failed response, with every stored secret scrubbed out. */
function upstreamText(session: RegistrySession, response: UpstreamResponse): string {
  return describeUpstreamError(response.status, response.statusText, response.body, secretsOf(session.credentials));
}

/**
 * `GET /v2/` without credentials: proves something is listening and that it speaks
 * the registry API (200, or 401 with a Basic/Bearer challenge). Anything else is
 * UpstreamError `not_registry`, `rate_limited` or `upstream`.
 */
export async function probeRegistry(session: RegistrySession, deadline: Deadline): Promise<ApiProbe> {
  const response = await sendToRegistry(session, "GET", "/v2/", deadline);
  const where = `${session.base}/v2/`;
  const challenges = parseWwwAuthenticate(response.wwwAuthenticate);
  if (response.status === 401) {
    if (findChallenge(challenges, "bearer") || findChallenge(challenges, "basic")) return { status: 401, challenges, isAnonymous: false };
    throw new UpstreamError("not_registry", `${where} answered 401 without a Basic or Bearer challenge, so it does not look like a container registry: ${upstreamText(session, response)}`, { upstreamStatus: 401 });
  }
  if (response.status === 200) {
    const isRegistry = Boolean(response.headers["docker-distribution-api-version"]) || /json/i.test(response.headers["content-type"] ?? "");
    if (isRegistry) return { status: 200, challenges, isAnonymous: true };
    throw new UpstreamError("not_registry", `${where} answered 200 but not as a registry (no Docker-Distribution-API-Version header, content type ${response.headers["content-type"] ?? "none"}).`, { upstreamStatus: 200 });
  }
  throw statusError(session, response, `${where} answered HTTP ${response.status}`, "not_registry");
}

/** Maps the statuses every step treats alike (429, 5xx) and otherwise uses `fallback`. */
function statusError(session: RegistrySession, response: UpstreamResponse, prefix: string, fallback: "not_registry" | "upstream"): UpstreamError {
  const text = upstreamText(session, response);
  const options = { upstreamStatus: response.status, retryAfter: parseRetryAfter(response.headers["retry-after"]) };
  if (response.status === 429) {
    const retry = options.retryAfter !== undefined ? `; retry after ${options.retryAfter} s` : "";
    return new UpstreamError("rate_limited", `${prefix}: the registry is rate limiting requests (${text})${retry}.`, options);
  }
  if (response.status >= 500) return new UpstreamError("upstream", `${prefix}, a server error: ${text}`, options);
  const hint = fallback === "not_registry" ? "; this is not a container registry API" : "";
  return new UpstreamError(fallback, `${prefix}${hint}: ${text}`, options);
}

/**
 * Answers the probe's challenge with the stored credentials and confirms them with a
 * second `GET /v2/`. Stores the authorization on the session for later requests.
 */
export async function authenticateSession(session: RegistrySession, probe: ApiProbe, options: { scope?: string; deadline: Deadline }): Promise<Authorization | undefined> {
  if (probe.isAnonymous) return undefined;
  session.authorization = await answerChallenge(probe.challenges, session.credentials, { ...options, guard: session.guard });
  const response = await sendToRegistry(session, "GET", "/v2/", options.deadline);
  if (response.status === 200) return session.authorization;
  if (response.status === 401 || response.status === 403) {
    throw new UpstreamError("unauthorized", `The registry refused the credentials (${session.authorization.via}): ${upstreamText(session, response)}`, { upstreamStatus: response.status });
  }
  throw statusError(session, response, `${session.base}/v2/ answered HTTP ${response.status} with credentials`, "upstream");
}

/**
 * `HEAD` of one manifest with the session's authorization, re-authorizing once when
 * the registry challenges for this repository's scope. Missing repositories and tags
 * are UpstreamError `not_found`, with the registry's own error text.
 */
export async function headManifestInSession(session: RegistrySession, repository: string, reference: string, deadline: Deadline): Promise<ManifestHead> {
  const path = `/v2/${repository}/manifests/${reference}`;
  let response = await sendToRegistry(session, "HEAD", path, deadline, { accept: MANIFEST_ACCEPT });
  if (response.status === 401) {
    const challenges = parseWwwAuthenticate(response.wwwAuthenticate);
    const scope = findChallenge(challenges, "bearer")?.params.scope ?? pullScope(repository);
    session.authorization = await answerChallenge(challenges, session.credentials, { scope, deadline, guard: session.guard });
    response = await sendToRegistry(session, "HEAD", path, deadline, { accept: MANIFEST_ACCEPT });
  }
  if (response.status === 200) {
    const length = Number(response.headers["content-length"]);
    return {
      repository,
      reference,
      digest: headerValue(response, "docker-content-digest"),
      mediaType: headerValue(response, "content-type")?.split(";")[0],
      size: Number.isFinite(length) && response.headers["content-length"] !== undefined ? length : undefined,
    };
  }
  throw await manifestFailure(session, path, response, `${repository}:${reference}`, deadline);
}

function headerValue(response: UpstreamResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** HEAD answers carry no body, so the error text comes from the same request as GET. */
async function manifestFailure(session: RegistrySession, path: string, head: UpstreamResponse, what: string, deadline: Deadline): Promise<UpstreamError> {
  let response = head;
  if ([401, 403, 404].includes(head.status)) {
    response = await sendToRegistry(session, "GET", path, deadline, { accept: MANIFEST_ACCEPT }).catch(() => head);
    if (response.status !== head.status) response = head;
  }
  const text = upstreamText(session, response);
  const options = { upstreamStatus: head.status };
  if (head.status === 404) {
    const code = extractOciErrorCode(response.body);
    const subject = code === "NAME_UNKNOWN" ? `Repository ${what.split(":")[0]} not found` : code === "MANIFEST_UNKNOWN" ? `Tag or digest ${what} not found` : `${what} not found (repository or tag)`;
    return new UpstreamError("not_found", `${subject}: ${text}`, options);
  }
  if (head.status === 401) return new UpstreamError("unauthorized", `The credentials do not allow pulling ${what}, or it does not exist: ${text}`, options);
  if (head.status === 403) return new UpstreamError("forbidden", `Pulling ${what} is forbidden for these credentials: ${text}`, options);
  return statusError(session, response, `The manifest request for ${what} answered HTTP ${head.status}`, "upstream");
}

/**
 * One-shot look-up of a manifest for the release preview: SSRF check, HEAD, and the
 * challenge dance when asked. The whole look-up shares one `timeoutMs` budget.
 * `image` is relative to the endpoint's namespace. Throws UpstreamError.
 */
export async function headManifest(connection: RegistryConnection, image: string, reference: string, options: RegistryClientOptions): Promise<ManifestHead> {
  const endpoint = normaliseEndpoint(connection.endpoint);
  const repository = toRepositoryPath(endpoint, image);
  const deadline = createDeadline(options.timeoutMs ?? DEFAULT_STEP_TIMEOUT_MS);
  const credentials = { username: connection.username, password: connection.password };
  try {
    const session = await openRegistrySession(endpoint, credentials, { allow: options.allow, resolve: options.resolve }, deadline);
    return await headManifestInSession(session, repository, reference, deadline);
  } catch (error) {
    throw error instanceof UpstreamError ? withRedactedMessage(error, secretsOf(credentials)) : error;
  } finally {
    deadline.dispose();
  }
}

/** A last scrub at the boundary: messages may quote upstream-chosen names (realm hosts, headers). */
function withRedactedMessage(error: UpstreamError, secrets: string[]): UpstreamError {
  const message = redactSecrets(error.message, secrets);
  if (message === error.message) return error;
  return new UpstreamError(error.reason, message, { upstreamStatus: error.upstreamStatus, retryAfter: error.retryAfter });
}

/** True when the tag (or digest) exists upstream, false when the registry says it does not; other failures throw. */
export async function checkTagExists(connection: RegistryConnection, image: string, reference: string, options: RegistryClientOptions): Promise<boolean> {
  try {
    await headManifest(connection, image, reference, options);
    return true;
  } catch (error) {
    if (error instanceof UpstreamError && error.reason === "not_found") return false;
    throw error;
  }
}
