/**
 * Limits on request bodies, applied by the Node server (scripts/start.ts) to every request
 * before Next.js or the registry sees it, so no route can forget them:
 *
 * - Size. A body that is not a blob upload (everything outside /v2/) has a cap: 64 KiB for
 *   next-auth's routes (sign-in forms, reachable without an account), 4 MiB for releases
 *   (YAML up to 1 MiB, JSON-escaped), 1 MiB for everything else. A Content-Length over the
 *   cap is answered 413 before a byte is read; a streamed (chunked) body is counted as it
 *   arrives and cut off with 413 once it passes the cap, so nothing buffers more than that.
 * - Stalls. A body must bring at least MIN_BYTES_PER_WINDOW bytes in every window of
 *   REQUEST_IDLE_TIMEOUT, or its connection is closed: a client that drips a byte now and
 *   then holds a socket and a request forever otherwise. The clock runs only while the
 *   body is being received and only while the server waits for it (a handler that is
 *   itself slow, with bytes waiting in the request's buffer, is not the client's fault).
 *   Between requests nothing runs, so a resumable upload may pause between chunks.
 *
 * Bytes are observed where Node's HTTP parser hands them to the request (its `push`), which
 * needs no listener: adding a 'data' listener would start the flow before a handler reads.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { getConfig } from "@/lib/config";

const KiB = 1024;
const MiB = 1024 * KiB;

/** A body slower than this per window is treated as stalled. */
export const MIN_BYTES_PER_WINDOW = KiB;

/** The most bytes a request's body may carry, by path; null: no cap here (the registry handles blob uploads and manifests). */
export function maxBodyBytes(pathname: string): number | null {
  if (pathname === "/v2" || pathname.startsWith("/v2/")) return null;
  if (pathname.startsWith("/api/auth/")) return 64 * KiB;
  if (/^\/api\/v1\/apps\/[^/]+\/releases(\/|$)/.test(pathname)) return 4 * MiB;
  return MiB;
}

export interface BodyLimitOptions {
  /** The stall window in milliseconds (REQUEST_IDLE_TIMEOUT). */
  idleTimeoutMs: number;
  /** The cap for a path (default maxBodyBytes). */
  maxBytes?: (pathname: string) => number | null;
}

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  return (length !== undefined && length !== "0") || req.headers["transfer-encoding"] !== undefined;
}

function describeSize(bytes: number): string {
  return bytes >= MiB ? `${bytes / MiB} MiB` : `${bytes / KiB} KiB`;
}

/** After a 413, how long and how much of the rest of the body is read and dropped before the connection closes. */
const LINGER_MS = 2000;
const LINGER_BYTES = 64 * MiB;

/**
 * Closes the connection of a request that was refused while its body is still arriving,
 * but not at once: closing a socket with unread bytes makes the kernel send a reset, and
 * the client, still sending, would lose the answer. So the rest of the body is dropped as
 * it arrives (never handed to a handler) for up to LINGER_MS or LINGER_BYTES, or until it
 * ends. Call it after the refusal was written.
 */
export function lingerAfterRefusal(req: IncomingMessage): void {
  const socket = req.socket;
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once("close", () => clearTimeout(timer));
  let dropped = 0;
  req.push = (chunk: unknown): boolean => {
    if (chunk === null) socket.end();
    else if (chunk && (dropped += (chunk as Buffer).length) > LINGER_BYTES) socket.destroy();
    return true;
  };
  // A handler that stopped reading left the request paused: let the rest flow into the drop.
  req.resume();
}

/** 413 in the API's error shape, then the connection closes (lingerAfterRefusal). */
function refuseTooLarge(req: IncomingMessage, res: ServerResponse, cap: number): void {
  if (!res.headersSent) {
    const body = JSON.stringify({ error: { code: "payload_too_large", message: `The request body is larger than ${describeSize(cap)}, the most this endpoint accepts.` } });
    res.writeHead(413, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  }
  lingerAfterRefusal(req);
}

/**
 * Applies the limits to one request. Returns true when it has already answered (a
 * Content-Length over the cap): the caller must not handle the request further.
 */
export function guardRequestBody(req: IncomingMessage, res: ServerResponse, options: BodyLimitOptions = { idleTimeoutMs: getConfig().REQUEST_IDLE_TIMEOUT }): boolean {
  if (!hasBody(req)) return false;
  const pathname = (req.url ?? "/").split("?")[0]!;
  const cap = (options.maxBytes ?? maxBodyBytes)(pathname);
  const declared = Number(req.headers["content-length"]);
  if (cap !== null && Number.isFinite(declared) && declared > cap) {
    refuseTooLarge(req, res, cap);
    return true;
  }
  watchBody(req, res, cap, options.idleTimeoutMs);
  return false;
}

/** Counts the body's bytes as the parser delivers them: the size cap and the stall clock. */
function watchBody(req: IncomingMessage, res: ServerResponse, cap: number | null, idleTimeoutMs: number): void {
  let total = 0;
  let inWindow = 0;
  // A full buffer means the parser waits for the handler: that window is not the client's fault.
  let isFull = false;
  let wasFull = false;
  const timer = idleTimeoutMs > 0 ? setTimeout(checkWindow, idleTimeoutMs) : null;
  timer?.unref();
  function checkWindow(): void {
    if (inWindow < MIN_BYTES_PER_WINDOW && !wasFull && req.readableLength === 0) {
      req.destroy(new Error("request body stalled"));
      req.socket?.destroy();
      return;
    }
    inWindow = 0;
    wasFull = isFull && req.readableLength > 0;
    timer!.refresh();
  }
  const stop = () => {
    if (timer) clearTimeout(timer);
  };
  req.once("close", stop);
  const push = req.push;
  req.push = function pushCounted(chunk: unknown, encoding?: BufferEncoding): boolean {
    if (chunk === null) {
      stop();
    } else if (chunk) {
      const size = (chunk as Buffer).length;
      total += size;
      inWindow += size;
      if (cap !== null && total > cap) {
        // Nothing more reaches the handler, which waits until the connection closes.
        stop();
        refuseTooLarge(req, res, cap);
        return true;
      }
    }
    const hasRoom = push.call(this, chunk, encoding);
    isFull = !hasRoom;
    wasFull ||= isFull;
    return hasRoom;
  };
}
