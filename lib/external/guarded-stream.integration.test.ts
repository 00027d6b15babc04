/**
 * The streaming transport (guarded-stream.ts over socket-exchange.ts) against loopback
 * servers, plain and TLS: bodies framed by length, by chunks and by close, read as a
 * stream or lent in pooled buffers that are reused as soon as they are released; the
 * idle clock (a trickle keeps a body alive, a stall ends it), a connection cut short,
 * redirects, and certificate checks against the host name that was asked for.
 */
import { execFile } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllowList, type Resolver } from "./address-guard";
import { createDeadline } from "./deadline";
import { openGuardedStream, readLimitedBody, type GuardedStreamRequest, type StreamedResponse } from "./guarded-stream";
import { BufferPool, type LentBuffer } from "./socket-exchange";
import { UpstreamError } from "./upstream-error";

const MIB = 1024 * 1024;
const servers: (http.Server | https.Server)[] = [];
const allow = parseAllowList("127.0.0.1, registry.test");
const resolve: Resolver = async () => ["127.0.0.1"];
const blob = randomBytes(5 * MIB + 12_345);
let tlsDir: string;
let tlsFiles: { key: Buffer; cert: Buffer };

beforeAll(async () => {
  tlsDir = await mkdtemp(path.join(os.tmpdir(), "slipway-stream-tls-"));
  const [key, cert] = [path.join(tlsDir, "key.pem"), path.join(tlsDir, "cert.pem")];
  await promisify(execFile)("openssl", [
    "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key, "-out", cert,
    "-days", "2", "-subj", "/CN=registry.test", "-addext", "subjectAltName=DNS:registry.test",
  ]);
  tlsFiles = { key: await readFile(key), cert: await readFile(cert) };
});

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((done) => server.close(() => done()))));
  if (tlsDir) await rm(tlsDir, { recursive: true, force: true });
});

/** Serves the blob: /length with Content-Length, /chunked in the chunked coding (odd-sized writes), /close until the connection closes. */
const blobHandler: http.RequestListener = (req, res) => {
  if (req.url === "/redirect") {
    res.writeHead(302, { location: "/length" });
    return res.end();
  }
  if (req.url === "/close") {
    res.shouldKeepAlive = false;
    res.useChunkedEncodingByDefault = false;
  }
  res.writeHead(200, req.url === "/length" ? { "content-length": String(blob.length) } : {});
  if (req.method === "HEAD") return res.end();
  let offset = 0;
  const next = () => {
    while (offset < blob.length) {
      const size = 1 + ((offset * 7919) % 70_000);
      const isOpen = res.write(blob.subarray(offset, offset + size));
      offset += size;
      if (!isOpen) return res.once("drain", next);
    }
    res.end();
  };
  next();
};

async function serve(handler: http.RequestListener, secure = false): Promise<number> {
  const server = secure ? https.createServer(tlsFiles, handler) : http.createServer(handler);
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return (server.address() as AddressInfo).port;
}

async function open(url: string, extra: Partial<GuardedStreamRequest> = {}): Promise<StreamedResponse> {
  const deadline = createDeadline(3000);
  try {
    return await openGuardedStream({ method: "GET", url: new URL(url), deadline, guard: { allow, resolve }, idleTimeoutMs: 2000, ...extra });
  } finally {
    deadline.dispose();
  }
}

function sha256(bytes: Buffer): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** Reads a lent body like the blob fill does: hash each buffer, then release it (the next fill of it would show). */
async function hashLent(response: StreamedResponse, onArrival?: (buffer: LentBuffer) => void): Promise<{ digest: string; buffers: Set<ArrayBuffer>; count: number }> {
  const hash = createHash("sha256");
  const buffers = new Set<ArrayBuffer>();
  let count = 0;
  for await (const lent of response.body.lent(onArrival)) {
    hash.update(lent.bytes);
    buffers.add(lent.bytes.buffer as ArrayBuffer);
    count++;
    lent.release();
  }
  return { digest: hash.digest("hex"), buffers, count };
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("openGuardedStream", () => {
  it("reads bodies framed by length, chunks and close as a stream, byte for byte", async () => {
    const port = await serve(blobHandler);
    for (const framing of ["length", "chunked", "close"]) {
      const response = await open(`http://127.0.0.1:${port}/${framing}`);
      expect(response.status).toBe(200);
      expect(response.body.isLent).toBe(false);
      expect(sha256(await readLimitedBody(response, 10 * MIB))).toBe(sha256(blob));
    }
  });

  it("lends a 2xx body in pooled 1 MiB buffers, reusing each once released, over HTTP and TLS", async () => {
    const plain = await serve(blobHandler);
    const secure = await serve(blobHandler, true);
    const urls = [`http://127.0.0.1:${plain}/length`, `http://127.0.0.1:${plain}/chunked`, `https://registry.test:${secure}/length`, `https://registry.test:${secure}/chunked`];
    for (const url of urls) {
      const pool = new BufferPool(MIB, 4);
      const response = await open(url, { lend: { pool, readAhead: 2 }, ca: tlsFiles.cert });
      expect(response.body.isLent).toBe(true);
      const { digest, buffers, count } = await hashLent(response);
      expect(digest).toBe(sha256(blob));
      expect(count).toBe(6);
      // Six buffers' worth through at most read-ahead + the one being filled + the one held: memory was reused.
      expect(buffers.size).toBeLessThanOrEqual(4);
    }
  });

  it("pauses the socket while a slow reader is behind and reads on when it catches up, over HTTP and TLS", async () => {
    const plain = await serve(blobHandler);
    const secure = await serve(blobHandler, true);
    for (const url of [`http://127.0.0.1:${plain}/chunked`, `https://registry.test:${secure}/length`]) {
      const response = await open(url, { lend: { pool: new BufferPool(MIB, 4), readAhead: 1 }, ca: tlsFiles.cert });
      const hash = createHash("sha256");
      const buffers = new Set<ArrayBuffer>();
      for await (const lent of response.body.lent()) {
        await new Promise((done) => setTimeout(done, 30));
        hash.update(lent.bytes);
        buffers.add(lent.bytes.buffer as ArrayBuffer);
        lent.release();
      }
      expect(hash.digest("hex")).toBe(sha256(blob));
      // One waiting, one being filled, one being read: a socket that did not pause would have needed more.
      expect(buffers.size).toBeLessThanOrEqual(3);
    }
  });

  it("answers HEAD with headers and an empty body, and follows a redirect to the lent body", async () => {
    const port = await serve(blobHandler);
    const head = await open(`http://127.0.0.1:${port}/length`, { method: "HEAD" });
    expect(head.headers["content-length"]).toBe(String(blob.length));
    const chunks: Buffer[] = [];
    for await (const chunk of head.body) chunks.push(chunk as Buffer);
    expect(chunks).toEqual([]);
    const redirected = await open(`http://127.0.0.1:${port}/redirect`, { lend: { pool: new BufferPool(MIB, 2), readAhead: 2 } });
    expect(redirected.url.pathname).toBe("/length");
    // An observer sees every buffer, in order, by the time the reader takes it.
    const arrivals = createHash("sha256");
    let arrived = 0;
    const read = await hashLent(redirected, (buffer) => {
      arrivals.update(buffer.bytes);
      arrived++;
    });
    expect(read.digest).toBe(sha256(blob));
    expect([arrivals.digest("hex"), arrived]).toEqual([sha256(blob), read.count]);
  });

  it("keeps a slow trickle alive and ends a stall after the idle time", async () => {
    const port = await serve((req, res) => {
      res.writeHead(200, { "content-length": "10" });
      let sent = 0;
      const timer = setInterval(() => {
        res.write("x");
        if (++sent === (req.url === "/stall" ? 3 : 10)) {
          clearInterval(timer);
          if (sent === 10) res.end();
        }
      }, 100);
      res.on("close", () => clearInterval(timer));
    });
    const trickle = await open(`http://127.0.0.1:${port}/trickle`, { idleTimeoutMs: 400 });
    expect((await readLimitedBody(trickle, 100)).toString()).toBe("x".repeat(10));
    const stalled = await open(`http://127.0.0.1:${port}/stall`, { idleTimeoutMs: 400, lend: { pool: new BufferPool(MIB, 2), readAhead: 2 } });
    const error = await failure(hashLent(stalled));
    expect(error.reason).toBe("timeout");
  });

  it("fails a body the server cuts short of its length", async () => {
    const port = await serve((_req, res) => {
      res.writeHead(200, { "content-length": String(3 * MIB) });
      res.write(blob.subarray(0, MIB + 5), () => res.destroy());
    });
    const error = await failure(hashLent(await open(`http://127.0.0.1:${port}/`, { lend: { pool: new BufferPool(MIB, 2), readAhead: 2 } })));
    expect(error.message).toMatch(/closed the connection after \d+ bytes, before the end of the body/);
  });

  it("checks the certificate against the host name asked for", async () => {
    const port = await serve(blobHandler, true);
    const untrusted = await failure(open(`https://registry.test:${port}/length`));
    expect(untrusted.reason).toBe("tls");
    const wrongName = await failure(open(`https://127.0.0.1:${port}/length`, { ca: tlsFiles.cert }));
    expect(wrongName.reason).toBe("tls");
  });

  it("refuses to send a header value that would split the request", async () => {
    const port = await serve(blobHandler);
    const error = await failure(open(`http://127.0.0.1:${port}/length`, { headers: { authorization: "Bearer a\r\nX-Injected: 1" } }));
    expect(error.reason).toBe("protocol");
  });
});
