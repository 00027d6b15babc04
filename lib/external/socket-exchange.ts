/**
 * One HTTP/1.1 exchange over a socket this module reads itself (node:net, or node:tls for
 * HTTPS, with `onread`), for the pull-through proxy's streaming requests.
 *
 * Why not node:http: it hands every socket read to JavaScript as a fresh 64 KiB buffer,
 * so a 100 MiB layer becomes 1,600 external allocations that keep V8 in full collections
 * (measured on a 300 MiB body: 0.9-1.2 CPU s through node:http and https, 0.2-0.3 s read
 * this way). Here the kernel (or OpenSSL) writes the body straight into memory chosen per
 * response:
 * - a 2xx body of a request that asked to `lend` lands in 1 MiB buffers of a pool; each
 *   full one is lent to the reader (lent()) and returns to the pool once every holder
 *   released it, so a blob fill allocates nothing per byte;
 * - any other body (manifests, error texts, redirects) is a plain Readable of fresh
 *   buffers.
 *
 * The socket is connected to the caller's checked addresses only (a pinned `lookup`; for
 * HTTPS the certificate is verified against the host name, sent as SNI). The request's
 * deadline covers connect, TLS and the response head; then the body has an idle clock.
 * A read-ahead bound pauses the socket when the reader falls behind (backpressure).
 */
import net, { isIP } from "node:net";
import { Readable } from "node:stream";
import tls from "node:tls";
import { formatSeconds, timeoutError, type Deadline } from "./deadline";
import { describeNetworkError, pinnedLookup } from "./guarded-request";
import { bodyFraming, ChunkedDecoder, findHeadEnd, formatRequestHead, HttpFramingError, parseResponseHead, type BodyFraming, type ResponseHead } from "./http1-response";
import { UpstreamError } from "./upstream-error";

const HEAD_BYTES = 64 * 1024;
const STREAM_BUFFER_BYTES = 64 * 1024;
/** Where reads land after an exchange ended (none should); never read. */
const SCRAP = Buffer.allocUnsafe(16 * 1024);

/** Buffers of one size, kept for reuse once released (at most `keep` of them). */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(
    readonly bufferBytes: number,
    private readonly keep: number,
  ) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafeSlow(this.bufferBytes);
  }

  give(buffer: Buffer): void {
    if (this.free.length < this.keep) this.free.push(buffer);
  }
}

/** Bytes lent from a pool: the buffer is reused once each holder (one, plus one per retain()) released it. */
export class LentBuffer {
  private holds = 1;

  constructor(
    readonly bytes: Buffer,
    private readonly whole: Buffer,
    private readonly pool: BufferPool,
  ) {}

  retain(): void {
    if (this.holds === 0) throw new Error("a released buffer cannot be retained again");
    this.holds++;
  }

  release(): void {
    if (this.holds > 0 && --this.holds === 0) this.pool.give(this.whole);
  }
}

export interface SocketExchangeRequest {
  method: "GET" | "HEAD";
  url: URL;
  headers: Record<string, string>;
  /** The checked addresses of the URL's host; nothing else is connected to. */
  addresses: string[];
  deadline: Deadline;
  idleTimeoutMs: number;
  /** Lend a 2xx body in this pool's buffers, at most `readAhead` of them waiting for the reader. */
  lend?: { pool: BufferPool; readAhead: number };
  /** Certificate authorities to trust instead of the system's (tests, private upstreams). */
  ca?: string | Buffer | Array<string | Buffer>;
}

export interface SocketResponse {
  head: ResponseHead;
  body: UpstreamBody;
}

/** A response body: a Readable, or (when lent) the pooled buffers of lent(). Destroying it closes the connection. */
export class UpstreamBody extends Readable {
  constructor(private readonly exchange: Exchange) {
    super({ highWaterMark: 256 * 1024 });
  }

  /** Whether the body comes through lent() rather than as a Readable. */
  get isLent(): boolean {
    return this.exchange.isLent;
  }

  _read(): void {
    if (this.exchange.isLent) this.destroy(new Error("this body is lent: read it with lent()"));
    else this.exchange.resume();
  }

  _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.exchange.abort();
    callback(error);
  }

  /**
   * Each full buffer (the last may be shorter) in order; the reader releases each. Throws
   * UpstreamError. `onArrival` sees every buffer as soon as it is full, before the reader
   * takes it (up to the read-ahead earlier), e.g. to relay it onwards; it must retain what
   * it keeps.
   */
  lent(onArrival?: (buffer: LentBuffer) => void): AsyncGenerator<LentBuffer> {
    return this.exchange.lent(onArrival);
  }
}

/** Sends the request and resolves once the response head arrived; throws UpstreamError. */
export function exchangeOverSocket(request: SocketExchangeRequest): Promise<SocketResponse> {
  return new Exchange(request).start();
}

class Exchange {
  private phase: "head" | "body" | "done" | "failed" = "head";
  private readonly head = Buffer.allocUnsafe(HEAD_BYTES);
  private headFilled = 0;
  private framing: BodyFraming = { kind: "none" };
  private remaining = 0;
  private readonly decoder = new ChunkedDecoder();
  private current: Buffer | null = null;
  private filled = 0;
  private paused = false;
  private wantsPause = false;
  private readonly queue: LentBuffer[] = [];
  private waiter: (() => void) | null = null;
  private onArrival: ((buffer: LentBuffer) => void) | null = null;
  private error: Error | null = null;
  private ended = false;
  private received = 0;
  private readonly body = new UpstreamBody(this);
  private socket!: net.Socket;
  private settle!: { resolve: (response: SocketResponse) => void; reject: (error: unknown) => void };
  isLent = false;

  constructor(private readonly request: SocketExchangeRequest) {
    this.body.on("error", () => undefined);
  }

  private get host(): string {
    return this.request.url.host;
  }

  start(): Promise<SocketResponse> {
    const { url, deadline } = this.request;
    return new Promise<SocketResponse>((resolve, reject) => {
      this.settle = { resolve, reject };
      if (deadline.signal.aborted) return reject(timeoutError(deadline, `The request to ${this.host}`));
      let head: string;
      try {
        // Host always names the URL's authority (a caller's own value is replaced, as node:http's `host` option does).
        const headers = { ...this.request.headers, host: url.host, connection: "close" };
        head = formatRequestHead(this.request.method, `${url.pathname}${url.search}`, headers);
      } catch (error) {
        return reject(new UpstreamError("protocol", `The request to ${this.host} cannot be sent: ${(error as Error).message}.`));
      }
      deadline.signal.addEventListener("abort", this.onDeadline, { once: true });
      this.socket = this.connect();
      this.socket.on("error", (error) => this.fail(error instanceof UpstreamError ? error : describeNetworkError(error, url)));
      this.socket.on("end", () => this.onEnd());
      this.socket.on("close", () => this.onEnd());
      this.socket.write(head);
    });
  }

  private connect(): net.Socket {
    const { url, addresses, ca } = this.request;
    const hostname = url.hostname.replace(/^\[|\]$/g, "");
    const isHttps = url.protocol === "https:";
    const options = {
      host: hostname,
      port: Number(url.port) || (isHttps ? 443 : 80),
      lookup: pinnedLookup(addresses),
      onread: { buffer: () => this.target(), callback: (bytes: number) => this.onRead(bytes) },
    };
    if (!isHttps) return net.connect(options);
    return tls.connect({ ...options, ...(isIP(hostname) ? {} : { servername: hostname }), ...(ca ? { ca } : {}) });
  }

  private readonly onDeadline = () => this.fail(timeoutError(this.request.deadline, `The request to ${this.host}`));

  /** Where the next read lands: the head buffer, then the body's current buffer. */
  private target(): Buffer {
    if (this.phase === "head") return this.head.subarray(this.headFilled);
    if (this.phase !== "body") return SCRAP;
    if (!this.current || this.filled === this.current.length) {
      this.current = this.request.lend && this.isLent ? this.request.lend.pool.take() : Buffer.allocUnsafe(STREAM_BUFFER_BYTES);
      this.filled = 0;
    }
    return this.current.subarray(this.filled);
  }

  /** `bytes` landed in the last target; false pauses the socket. */
  private onRead(bytes: number): boolean {
    try {
      if (this.phase === "head") this.onHeadBytes(bytes);
      else if (this.phase === "body") this.accept(bytes);
    } catch (error) {
      const message = (error as Error).message;
      this.fail(error instanceof HttpFramingError ? new UpstreamError("protocol", `${this.host} sent a malformed response: ${message}.`) : (error as Error));
    }
    if (this.phase !== "body") return false;
    this.paused = this.isLent ? this.queue.length >= this.request.lend!.readAhead : this.wantsPause;
    return !this.paused;
  }

  private onHeadBytes(bytes: number): void {
    const from = this.headFilled;
    this.headFilled += bytes;
    const end = findHeadEnd(this.head, from, this.headFilled);
    if (end < 0) {
      if (this.headFilled === HEAD_BYTES) throw new HttpFramingError("the response head is larger than 64 KiB");
      return;
    }
    const head = parseResponseHead(this.head.toString("latin1", 0, end - 4));
    if (head.status < 200) {
      // An interim response (100 Continue): the final one follows.
      this.head.copy(this.head, 0, end, this.headFilled);
      this.headFilled -= end;
      return this.onHeadBytes(0);
    }
    this.framing = bodyFraming(this.request.method, head);
    this.remaining = this.framing.kind === "length" ? this.framing.length : 0;
    this.isLent = Boolean(this.request.lend) && head.status >= 200 && head.status < 300;
    this.phase = "body";
    this.request.deadline.signal.removeEventListener("abort", this.onDeadline);
    const idleMs = this.request.idleTimeoutMs;
    this.socket.setTimeout(idleMs, () => this.fail(new UpstreamError("timeout", `${this.host} sent nothing for ${formatSeconds(idleMs)} in the middle of a response.`)));
    this.settle.resolve({ head, body: this.body });
    if (this.framing.kind === "none" || (this.framing.kind === "length" && this.remaining === 0)) return this.finish();
    this.absorb(this.head.subarray(end, this.headFilled));
  }

  /** Bytes that landed elsewhere (after the head) go through the body's buffers. */
  private absorb(bytes: Buffer): void {
    for (let offset = 0; offset < bytes.length && this.phase === "body"; ) {
      const target = this.target();
      const length = Math.min(target.length, bytes.length - offset);
      bytes.copy(target, 0, offset, offset + length);
      offset += length;
      this.accept(length);
    }
  }

  /** `bytes` raw bytes sit at the current buffer's fill mark: unframe them, hand over what is complete. */
  private accept(bytes: number): void {
    const buffer = this.current!;
    const at = this.filled;
    let data = bytes;
    if (this.framing.kind === "length") {
      data = Math.min(bytes, this.remaining);
      this.remaining -= data;
    } else if (this.framing.kind === "chunked") data = this.decoder.decode(buffer, at, at + bytes);
    this.filled += data;
    this.received += data;
    if (data > 0 && !this.isLent && !this.body.push(buffer.subarray(at, at + data))) this.wantsPause = true;
    if (this.isLent && this.filled === buffer.length) this.lendCurrent();
    if ((this.framing.kind === "length" && this.remaining === 0) || (this.framing.kind === "chunked" && this.decoder.isDone)) this.finish();
  }

  private lendCurrent(): void {
    const whole = this.current!;
    const lent = new LentBuffer(whole.subarray(0, this.filled), whole, this.request.lend!.pool);
    this.onArrival?.(lent);
    this.queue.push(lent);
    this.current = null;
    this.filled = 0;
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }

  /** The body is complete. */
  private finish(): void {
    if (this.phase !== "body") return;
    if (this.isLent) {
      if (this.filled > 0) this.lendCurrent();
      else if (this.current) this.request.lend!.pool.give(this.current);
      this.current = null;
    }
    this.phase = "done";
    this.socket.destroy();
    if (this.isLent) {
      this.ended = true;
      this.wake();
    } else this.body.push(null);
  }

  private fail(error: Error): void {
    if (this.phase === "done" || this.phase === "failed") return;
    const wasHead = this.phase === "head";
    this.phase = "failed";
    this.request.deadline.signal.removeEventListener("abort", this.onDeadline);
    this.socket?.destroy();
    if (wasHead) return this.settle.reject(error);
    if (this.isLent) {
      if (this.current) this.request.lend!.pool.give(this.current);
      this.current = null;
      this.error = error;
      this.wake();
    } else this.body.destroy(error);
  }

  private onEnd(): void {
    if (this.phase === "head") this.fail(new UpstreamError("connect", `The request to ${this.host} failed: the connection closed before a response arrived.`));
    else if (this.phase === "body") {
      if (this.framing.kind === "close") this.finish();
      else this.fail(new UpstreamError("connect", `${this.host} closed the connection after ${this.received} bytes, before the end of the body.`));
    }
  }

  /** The reader wants more: read on if the socket was paused for it. */
  resume(): void {
    this.wantsPause = false;
    if (!this.paused || this.phase !== "body") return;
    this.paused = false;
    this.socket.resume();
  }

  /** The reader is gone: close the connection and return what waits to the pool. */
  abort(): void {
    if (this.phase === "head" || this.phase === "body") this.fail(new UpstreamError("connect", `The response from ${this.host} was abandoned.`));
    for (const lent of this.queue.splice(0)) lent.release();
  }

  async *lent(onArrival?: (buffer: LentBuffer) => void): AsyncGenerator<LentBuffer> {
    if (!this.isLent) throw new Error("this body is not lent: read it as a stream");
    if (onArrival) {
      for (const early of this.queue) onArrival(early);
      this.onArrival = onArrival;
    }
    try {
      for (;;) {
        const next = this.queue.shift();
        if (next) {
          if (this.queue.length < this.request.lend!.readAhead) this.resume();
          yield next;
          continue;
        }
        if (this.error) throw this.error;
        if (this.ended) return;
        await new Promise<void>((resolve) => (this.waiter = resolve));
      }
    } finally {
      this.abort();
    }
  }
}
