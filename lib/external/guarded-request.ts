/**
 * One HTTP exchange with an external registry, under the SSRF guard:
 * every hop's host is checked (address-guard) before connecting, the socket is
 * pinned to the checked addresses (a custom `lookup`, so Host, SNI and certificate
 * checks still use the name and DNS cannot rebind between check and connect),
 * redirects are followed by hand at most 3 times, each re-checked, and the whole
 * exchange shares one deadline. Response bodies are capped, never streamed whole.
 */
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import { ALLOW_ENV, checkDestination, type AllowList, type CheckedDestination, type Resolver } from "./address-guard";
import { raceDeadline, timeoutError, type Deadline } from "./deadline";
import type { NormalisedEndpoint } from "./endpoint";
import { UpstreamError } from "./upstream-error";

export const MAX_REDIRECTS = 3;
const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export interface GuardOptions {
  allow: AllowList;
  resolve?: Resolver;
}

export interface GuardedRequest {
  method: "GET" | "HEAD";
  url: URL;
  headers?: Record<string, string>;
  deadline: Deadline;
  guard: GuardOptions;
  /** An already checked destination for `url`'s host, reused so the pin holds across requests. */
  pinned?: CheckedDestination;
  maxBodyBytes?: number;
}

export interface UpstreamResponse {
  /** The URL that answered, after redirects. */
  url: URL;
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Every `WWW-Authenticate` value separately (Node would join them with commas). */
  wwwAuthenticate: string[];
  /** At most `maxBodyBytes` of the body; empty for HEAD. */
  body: Buffer;
}

/**
 * Which scheme to speak to a registry, decided once its host is checked. HTTPS unless
 * the operator allowed the destination and either the endpoint says `http://` or every
 * address is loopback (local test registries run without TLS). `http://` for any other
 * destination is refused rather than sending credentials in the clear.
 */
export function chooseScheme(endpoint: NormalisedEndpoint, destination: CheckedDestination): "https" | "http" {
  if (endpoint.insecure) {
    if (!destination.isAllowListed) throw insecureSchemeError(destination.host);
    return "http";
  }
  return destination.isAllowListed && destination.isLoopback ? "http" : "https";
}

function insecureSchemeError(host: string): UpstreamError {
  return new UpstreamError(
    "insecure_scheme",
    `Refused plain HTTP to ${host}: credentials would travel unencrypted. Use HTTPS, or an operator can allow this host in ${ALLOW_ENV}.`,
  );
}

/** Sends the request, following up to 3 redirects; throws UpstreamError for refusals and network failures. */
export function sendGuardedRequest(request: GuardedRequest): Promise<UpstreamResponse> {
  return followGuardedRedirects(request, sendPinned);
}

/**
 * The redirect loop every guarded exchange shares: each hop is checked (and pinned)
 * before `send` connects, at most MAX_REDIRECTS are followed, only to http(s), and the
 * Authorization header never follows to another origin. `discard` releases a redirect
 * response's resources (a streamed body) before the next hop.
 */
export async function followGuardedRedirects<R extends { status: number; headers: IncomingHttpHeaders }>(
  request: GuardedRequest,
  send: (request: GuardedRequest, destination: CheckedDestination) => Promise<R>,
  discard: (response: R) => void = () => undefined,
): Promise<R> {
  let url = request.url;
  let method = request.method;
  const headers = { ...request.headers };
  for (let redirects = 0; ; redirects++) {
    const destination = await checkHop(url, request);
    const response = await send({ ...request, url, method, headers }, destination);
    const location = response.headers.location;
    if (!REDIRECT_STATUSES.has(response.status) || !location) return response;
    discard(response);
    if (redirects >= MAX_REDIRECTS) {
      throw new UpstreamError("too_many_redirects", `${request.url.host} redirected more than ${MAX_REDIRECTS} times; stopped at ${url.host}.`);
    }
    const next = new URL(location, url);
    if (next.protocol !== "https:" && next.protocol !== "http:") {
      throw new UpstreamError("protocol", `${url.host} redirected to an unsupported ${next.protocol} URL.`);
    }
    // Credentials go only to the origin they were meant for (as docker and curl do).
    if (next.origin !== url.origin) delete headers.authorization;
    if (response.status === 303) method = "GET";
    url = next;
  }
}

/** Checks one hop's host (or reuses the pinned check) and refuses plain HTTP to a destination not allowed. */
async function checkHop(url: URL, request: Pick<GuardedRequest, "pinned" | "guard" | "deadline">): Promise<CheckedDestination> {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const destination =
    request.pinned && request.pinned.host === host
      ? request.pinned
      : await raceDeadline(checkDestination(host, request.guard), request.deadline, `The DNS lookup of ${host}`);
  if (url.protocol === "http:" && !destination.isAllowListed) throw insecureSchemeError(host);
  return destination;
}

/** A `lookup` that answers only with the checked addresses, whatever DNS says now. */
export function pinnedLookup(addresses: string[]): LookupFunction {
  return ((_hostname: string, options: { all?: boolean; family?: number | string }, callback: (...args: unknown[]) => void) => {
    const family = options?.family === 4 || options?.family === "IPv4" ? 4 : options?.family === 6 || options?.family === "IPv6" ? 6 : 0;
    const list = addresses.map((address) => ({ address, family: isIP(address) })).filter((entry) => !family || entry.family === family);
    if (list.length === 0) return callback(Object.assign(new Error("No checked address of the requested family"), { code: "ENOTFOUND" }));
    if (options?.all) return callback(null, list);
    return callback(null, list[0].address, list[0].family);
  }) as unknown as LookupFunction;
}

/**
 * Sends one request over a socket pinned to the checked addresses, under the request's
 * deadline; `onResponse` turns the response into the result and settles through `finish`
 * (network errors and the deadline settle it otherwise).
 */
export function sendPinnedRequest<T>(
  request: GuardedRequest,
  destination: CheckedDestination,
  onResponse: (res: IncomingMessage, finish: (error: unknown, value?: T) => void) => void,
): Promise<T> {
  const { url, deadline } = request;
  const hostname = url.hostname.replace(/^\[|\]$/g, "");
  const transport = url.protocol === "https:" ? https : http;
  return new Promise<T>((resolve, reject) => {
    if (deadline.signal.aborted) return reject(timeoutError(deadline, `The request to ${url.host}`));
    let settled = false;
    const finish = (error: unknown, value?: T) => {
      if (settled) return;
      settled = true;
      deadline.signal.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve(value!);
    };
    const req = transport.request({
      protocol: url.protocol,
      hostname,
      port: url.port || undefined,
      path: `${url.pathname}${url.search}`,
      method: request.method,
      headers: { ...request.headers, host: url.host },
      agent: false,
      lookup: pinnedLookup(destination.addresses),
      ...(url.protocol === "https:" && !isIP(hostname) ? { servername: hostname } : {}),
    });
    const onAbort = () => {
      req.destroy();
      finish(timeoutError(deadline, `The request to ${url.host}`));
    };
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    req.on("error", (error) => finish(describeNetworkError(error, url)));
    req.on("response", (res) => onResponse(res, finish));
    req.end();
  });
}

/** Everything of a response but its body: the URL that answered, status, headers and each challenge separately. */
export function readResponseHead(url: URL, res: IncomingMessage): Omit<UpstreamResponse, "body"> {
  return {
    url,
    status: res.statusCode ?? 0,
    statusText: res.statusMessage ?? "",
    headers: res.headers,
    wwwAuthenticate: res.headersDistinct["www-authenticate"] ?? [],
  };
}

/** One hop with the body read into memory, at most `maxBodyBytes` of it. */
function sendPinned(request: GuardedRequest, destination: CheckedDestination): Promise<UpstreamResponse> {
  const { url } = request;
  const maxBody = request.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  return sendPinnedRequest<UpstreamResponse>(request, destination, (res, finish) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => finish(null, { ...readResponseHead(url, res), body: Buffer.concat(chunks) });
    res.on("data", (chunk: Buffer) => {
      if (size >= maxBody) return;
      chunks.push(chunk.subarray(0, maxBody - size));
      size += chunk.length;
      // Enough to read an error message; the rest is not wanted.
      if (size >= maxBody) {
        done();
        res.destroy();
      }
    });
    res.on("end", done);
    res.on("error", (error) => finish(describeNetworkError(error, url)));
  });
}

const CONNECT_WORDS: Record<string, string> = {
  ECONNREFUSED: "the connection was refused (nothing is listening on that port)",
  ECONNRESET: "the connection was reset",
  EHOSTUNREACH: "the host is unreachable",
  ENETUNREACH: "the network is unreachable",
  ETIMEDOUT: "the connection timed out",
  EPIPE: "the connection was closed",
  ENOTFOUND: "no usable address",
};

/** Turns a socket, TLS or HTTP parser error into words that say which layer failed. */
export function describeNetworkError(error: Error, url: URL): UpstreamError {
  const code = (error as NodeJS.ErrnoException).code ?? "";
  const target = url.host;
  if (CONNECT_WORDS[code]) return new UpstreamError("connect", `Could not connect to ${target}: ${CONNECT_WORDS[code]}.`);
  if (/CERT|SSL|TLS|EPROTO|ERR_OSSL/i.test(code) || /certificate|tls|ssl/i.test(error.message)) {
    return new UpstreamError("tls", `The TLS handshake with ${target} failed: ${error.message}${code ? ` (${code})` : ""}.`);
  }
  if (code.startsWith("HPE_")) {
    return new UpstreamError("not_registry", `${target} did not answer with valid HTTP (${code}); it is not a registry, or it expects another protocol.`);
  }
  return new UpstreamError("connect", `The request to ${target} failed: ${error.message}${code ? ` (${code})` : ""}.`);
}
