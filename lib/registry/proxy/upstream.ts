/**
 * The proxy's side of an upstream registry: one session per (registry, repository) kept
 * for a few minutes (the SSRF check and pinned addresses, and the Authorization that
 * answered the last challenge), streaming requests through guarded-stream.ts, and the
 * translation of upstream failures into typed errors whose words hold no secret.
 *
 * A request goes out with the session's Authorization; a 401 is answered once with the
 * stored credentials (Basic, or a Bearer token for `repository:<path>:pull`) and sent
 * again. The credentials and any token the upstream issues stay in this module: they
 * are scrubbed from every message, and nothing the upstream sends back is forwarded
 * but the content and the few headers the handlers pick.
 */
import { createDeadline, type Deadline } from "@/lib/external/deadline";
import type { NormalisedEndpoint } from "@/lib/external/endpoint";
import type { GuardOptions } from "@/lib/external/guarded-request";
import { openGuardedStream, readErrorBody, type GuardedStreamRequest, type StreamedResponse } from "@/lib/external/guarded-stream";
import { answerChallenge, parseRetryAfter, pullScope, secretsOf, type RegistryCredentials } from "@/lib/external/registry-auth";
import { openRegistrySession, type RegistrySession } from "@/lib/external/registry-client";
import { describeUpstreamError, extractOciErrorCode, redactSecrets, UpstreamError } from "@/lib/external/upstream-error";
import { parseWwwAuthenticate, type AuthChallenge } from "@/lib/external/www-authenticate";

/** One upstream repository and how to reach it; the credentials are server-side only. */
export interface UpstreamTarget {
  registryId: string;
  registryName: string;
  endpoint: NormalisedEndpoint;
  /** The repository path on the upstream (namespace included, `library/` for Docker Hub's official images). */
  repository: string;
  credentials: RegistryCredentials;
  /** Changes when the stored secret does (its update time), so a new password gets a new session. */
  credentialsVersion: string;
}

export interface UpstreamSettings {
  guard: GuardOptions;
  /** DNS, connect, token and response headers of one request (default 10 s). */
  responseTimeoutMs: number;
  /** A body that sends nothing this long fails (default 30 s). */
  idleTimeoutMs: number;
}

const SESSION_TTL_MS = 4 * 60 * 1000;
const MAX_SESSIONS = 1024;

interface CachedSession {
  session: RegistrySession;
  openedAt: number;
}

/** Upstream sessions of one process, reused while fresh. */
export class UpstreamSessions {
  private readonly sessions = new Map<string, CachedSession>();
  /** The challenge each registry (with its current credentials) answered last time, per registry rather than per repository. */
  private readonly challenges = new Map<string, AuthChallenge[]>();

  constructor(readonly settings: UpstreamSettings) {}

  private static registryKey(target: UpstreamTarget): string {
    return `${target.registryId}\u0000${target.credentialsVersion}`;
  }

  /** What this registry challenged for last time, or undefined when it never asked (anonymous upstreams never get credentials unasked). */
  knownChallenges(target: UpstreamTarget): AuthChallenge[] | undefined {
    return this.challenges.get(UpstreamSessions.registryKey(target));
  }

  rememberChallenges(target: UpstreamTarget, challenges: AuthChallenge[]): void {
    if (this.challenges.size >= MAX_SESSIONS) this.challenges.delete(this.challenges.keys().next().value!);
    this.challenges.set(UpstreamSessions.registryKey(target), challenges);
  }

  async open(target: UpstreamTarget, deadline: Deadline): Promise<RegistrySession> {
    const key = `${target.registryId}\u0000${target.repository}\u0000${target.credentialsVersion}`;
    const cached = this.sessions.get(key);
    if (cached && Date.now() - cached.openedAt < SESSION_TTL_MS) return cached.session;
    const session = await openRegistrySession(target.endpoint, target.credentials, this.settings.guard, deadline);
    if (this.sessions.size >= MAX_SESSIONS) this.sessions.delete(this.sessions.keys().next().value!);
    this.sessions.set(key, { session, openedAt: Date.now() });
    return session;
  }
}

/** Every secret that must never appear in text shown to anyone: the stored password and the current token. */
export function upstreamSecrets(target: UpstreamTarget, session?: RegistrySession): string[] {
  const token = session?.authorization?.header.replace(/^\S+\s+/, "");
  return [...secretsOf(target.credentials), ...(token ? [token, session!.authorization!.header] : [])];
}

/**
 * Sends one request to the target's registry (path under `/v2/`), answering a 401 once.
 * A new session of a registry that challenged before (another repository of it) answers
 * that challenge before its first request (Basic at once, Bearer with a token for this
 * repository from the same realm) instead of waiting for the 401: one round trip less
 * on every cold repository; a challenge that changed still gets its 401 and its answer.
 * Resolves with whatever status the upstream gave; the caller reads or destroys the body
 * (`lend`: a 2xx body comes in pooled buffers, see guarded-stream.ts).
 */
export async function requestUpstream(
  sessions: UpstreamSessions,
  target: UpstreamTarget,
  method: "GET" | "HEAD",
  path: string,
  headers: Record<string, string> = {},
  lend?: GuardedStreamRequest["lend"],
): Promise<{ response: StreamedResponse; session: RegistrySession }> {
  const deadline = createDeadline(sessions.settings.responseTimeoutMs);
  try {
    const session = await sessions.open(target, deadline);
    const known = session.authorization ? undefined : sessions.knownChallenges(target);
    if (known) session.authorization = await answerChallenge(known, target.credentials, { scope: pullScope(target.repository), deadline, guard: session.guard });
    const send = () => {
      const all: Record<string, string> = { "user-agent": "slipway-proxy", ...headers };
      if (session.authorization) all.authorization = session.authorization.header;
      return openGuardedStream({
        method,
        url: new URL(path, session.base),
        headers: all,
        deadline,
        guard: session.guard,
        pinned: session.destination,
        idleTimeoutMs: sessions.settings.idleTimeoutMs,
        lend,
      });
    };
    let response = await send();
    if (response.status === 401) {
      const challenges = parseWwwAuthenticate(response.wwwAuthenticate);
      response.body.destroy();
      session.authorization = await answerChallenge(challenges, target.credentials, { scope: pullScope(target.repository), deadline, guard: session.guard });
      sessions.rememberChallenges(target, challenges);
      response = await send();
    }
    return { response, session };
  } catch (error) {
    throw error instanceof UpstreamError ? redactUpstreamError(error, upstreamSecrets(target)) : error;
  } finally {
    deadline.dispose();
  }
}

/** The same error with its message scrubbed of the given secrets. */
export function redactUpstreamError(error: UpstreamError, secrets: string[]): UpstreamError {
  const message = redactSecrets(error.message, secrets);
  if (message === error.message) return error;
  return new UpstreamError(error.reason, message, { upstreamStatus: error.upstreamStatus, retryAfter: error.retryAfter });
}

/**
 * The typed error for a response that is not what was asked for (`what`: "the manifest
 * acme/app:1.0"), with the upstream's own words, redacted. Consumes the body.
 */
export async function describeUpstreamFailure(target: UpstreamTarget, session: RegistrySession, response: StreamedResponse, what: string): Promise<UpstreamError> {
  const body = await readErrorBody(response);
  const text = describeUpstreamError(response.status, response.statusText, body, upstreamSecrets(target, session));
  const options = { upstreamStatus: response.status, retryAfter: parseRetryAfter(response.headers["retry-after"]) };
  const host = response.url.host;
  switch (response.status) {
    case 404: {
      const code = extractOciErrorCode(body);
      return new UpstreamError("not_found", `${host} does not have ${what}${code ? ` (${code})` : ""}: ${text}`, options);
    }
    case 401:
      return new UpstreamError("unauthorized", `${host} refused the stored credentials for ${what}: ${text}`, options);
    case 403:
      return new UpstreamError("forbidden", `${host} forbids ${what} to the stored credentials: ${text}`, options);
    case 429:
      return new UpstreamError("rate_limited", `${host} is rate limiting requests (${text})`, options);
    default:
      return new UpstreamError("upstream", `${host} answered HTTP ${response.status} for ${what}: ${text}`, options);
  }
}

/** A response header as one string. */
export function readHeader(response: StreamedResponse, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
