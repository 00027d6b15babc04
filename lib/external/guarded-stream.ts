/**
 * A streaming GET (or HEAD) to an external registry, for bodies too large to hold:
 * blobs and manifests fetched by the pull-through proxy. Same guard as
 * guarded-request.ts: every hop checked and pinned, redirects re-checked (at most 3),
 * Authorization dropped on a cross-origin redirect. Two clocks instead of one deadline:
 * `deadline` covers DNS, connect and the response headers of every hop; once the body
 * flows, `idleTimeoutMs` without a byte ends it with an UpstreamError `timeout`. Each hop
 * is read by socket-exchange.ts rather than node:http, so a blob's body can land in pooled
 * buffers (`lend`) instead of a fresh allocation per socket read.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { CheckedDestination } from "./address-guard";
import { followGuardedRedirects, type GuardedRequest } from "./guarded-request";
import { exchangeOverSocket, type BufferPool, type UpstreamBody } from "./socket-exchange";
import { UpstreamError } from "./upstream-error";

/** A body that stalls this long is given up. */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface GuardedStreamRequest extends GuardedRequest {
  /** Milliseconds without a byte of the body before it fails (default 30 s). */
  idleTimeoutMs?: number;
  /** A 2xx body comes in this pool's buffers (body.lent()), at most `readAhead` of them ahead of the reader. */
  lend?: { pool: BufferPool; readAhead: number };
  /** Certificate authorities trusted instead of the system's (tests). */
  ca?: string | Buffer | Array<string | Buffer>;
}

export interface StreamedResponse {
  /** The URL that answered, after redirects. */
  url: URL;
  status: number;
  statusText: string;
  headers: IncomingHttpHeaders;
  /** Every `WWW-Authenticate` value separately. */
  wwwAuthenticate: string[];
  /** The body, read with backpressure; it errors with UpstreamError on a stall or a broken connection. */
  body: UpstreamBody;
}

/** Opens the exchange and resolves once the final hop's headers arrived; the caller must consume or destroy `body`. */
export function openGuardedStream(request: GuardedStreamRequest): Promise<StreamedResponse> {
  return followGuardedRedirects(request, (hop, destination) => sendStreaming({ ...request, ...hop }, destination), (response) => response.body.destroy());
}

/** Reads at most 64 KiB of an error response's body (enough for its message) and closes it. */
export async function readErrorBody(response: Pick<StreamedResponse, "body">): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of response.body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= MAX_ERROR_BODY_BYTES) break;
    }
  } catch {
    // What arrived is enough for a message.
  } finally {
    response.body.destroy();
  }
  return Buffer.concat(chunks).subarray(0, MAX_ERROR_BODY_BYTES);
}

/**
 * Reads a whole body of at most `maxBytes` (a manifest); throws UpstreamError
 * `protocol` past it rather than truncating.
 */
export async function readLimitedBody(response: StreamedResponse, maxBytes: number): Promise<Buffer> {
  const declared = Number(response.headers["content-length"]);
  const tooLarge = () => new UpstreamError("protocol", `${response.url.host} sent more than ${maxBytes} bytes where at most that many were expected.`);
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body.destroy();
    throw tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) {
      response.body.destroy();
      throw tooLarge();
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, size);
}

/** One hop over a socket of its own (socket-exchange.ts), connected to the checked addresses only. */
async function sendStreaming(request: GuardedStreamRequest, destination: CheckedDestination): Promise<StreamedResponse> {
  const { url } = request;
  const { head, body } = await exchangeOverSocket({
    method: request.method,
    url,
    headers: request.headers ?? {},
    addresses: destination.addresses,
    deadline: request.deadline,
    idleTimeoutMs: request.idleTimeoutMs ?? DEFAULT_IDLE_TIMEOUT_MS,
    lend: request.lend,
    ca: request.ca,
  });
  return { url, status: head.status, statusText: head.statusText, headers: head.headers, wwwAuthenticate: head.distinct["www-authenticate"] ?? [], body };
}
