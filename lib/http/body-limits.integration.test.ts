/**
 * Body limits on a real Node server over real sockets: caps by Content-Length and by
 * counted bytes, a dripping client cut off, a slow handler and a steady slow client left
 * alone, and a resumable registry upload that pauses between chunks longer than the
 * stall window still completing.
 */
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { createRegistryHandler } from "@/lib/registry/http/registry-handler";
import { createTestTenant, fetchTenantToken, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { guardRequestBody, maxBodyBytes } from "./body-limits";

const WINDOW_MS = 400;
let server: Server;
let port: number;
let registry: TestRegistry;
/** What the plain handler saw of each request body: its length, or the error that ended it. */
const seen: string[] = [];

async function readAll(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

beforeAll(async () => {
  registry = await startTestRegistry();
  // Tokens from the test registry name its host as their audience.
  const handleRegistry = createRegistryHandler({ ...registry.options, registryHost: registry.host });
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (guardRequestBody(req, res, { idleTimeoutMs: WINDOW_MS })) return;
    if (req.url!.startsWith("/v2")) return void handleRegistry(req, res);
    void (async () => {
      if (req.url === "/slow-handler") await sleep(3 * WINDOW_MS);
      try {
        const body = await readAll(req);
        seen.push(`${req.url} ${body.length}`);
        if (!res.headersSent) res.end(`got ${body.length}`);
      } catch (error) {
        seen.push(`${req.url} error ${(error as Error).message}`);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await registry.close();
});

/** Opens a socket, sends `head`, then whatever `drive` writes; resolves with what came back once the socket closes. */
function rawExchange(head: string, drive: (write: (data: string | Buffer) => boolean) => Promise<void>, limitMs = 10_000): Promise<{ response: string; closedAfterMs: number }> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, "127.0.0.1");
    let response = "";
    const guard = setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the socket open for ${limitMs} ms`));
    }, limitMs);
    socket.on("data", (chunk) => (response += chunk.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(guard);
      resolve({ response, closedAfterMs: Date.now() - started });
    });
    socket.write(head);
    void drive((data) => !socket.destroyed && socket.write(data)).catch(() => undefined);
  });
}

describe("maxBodyBytes", () => {
  it("caps next-auth small, releases at 4 MiB, the rest at 1 MiB, and leaves /v2/ to the registry", () => {
    expect(maxBodyBytes("/api/auth/callback/credentials")).toBe(64 * 1024);
    expect(maxBodyBytes("/api/v1/apps/web/releases")).toBe(4 * 1024 * 1024);
    expect(maxBodyBytes("/api/v1/apps/web/releases/preview")).toBe(4 * 1024 * 1024);
    expect(maxBodyBytes("/api/v1/apps")).toBe(1024 * 1024);
    expect(maxBodyBytes("/v2/web/api/blobs/uploads/")).toBeNull();
  });
});

describe("size caps", () => {
  it("answers 413 to a Content-Length over the cap before the body is sent, and the handler never runs", async () => {
    const { response } = await rawExchange(
      "POST /api/auth/callback/credentials HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 104857600\r\n\r\n",
      async () => undefined,
    );
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response).toContain("larger than 64 KiB");
    expect(seen.filter((line) => line.startsWith("/api/auth/"))).toEqual([]);
  });

  it("counts a chunked body and cuts it off at the cap with 413; the handler gets no more than the cap", async () => {
    const { response } = await rawExchange("POST /api/v1/apps HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", async (write) => {
      const piece = randomBytes(64 * 1024);
      for (let index = 0; index < 40; index += 1) {
        if (!write(`${piece.length.toString(16)}\r\n`) && index > 30) break;
        write(piece);
        write("\r\n");
        await sleep(5);
      }
    });
    expect(response).toMatch(/^HTTP\/1\.1 413/);
    expect(response).toContain("larger than 1 MiB");
    expect(seen.filter((line) => line.startsWith("/api/v1/apps ") && !line.includes("error"))).toEqual([]);
  });

  it("lets a body under the cap through whole", async () => {
    const body = randomBytes(200 * 1024);
    const response = await fetch(`http://127.0.0.1:${port}/api/v1/apps/web/releases`, { method: "POST", body: new Uint8Array(body) });
    expect(await response.text()).toBe(`got ${body.length}`);
  });
});

describe("stalled bodies", () => {
  it("closes a connection that drips a byte at a time", async () => {
    const { response, closedAfterMs } = await rawExchange("POST /drip HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n", async (write) => {
      for (let index = 0; index < 200; index += 1) {
        if (!write("x")) return;
        await sleep(WINDOW_MS / 8);
      }
    });
    expect(response).toBe("");
    expect(closedAfterMs).toBeLessThan(6 * WINDOW_MS);
    await sleep(50);
    expect(seen.some((line) => line.startsWith("/drip error"))).toBe(true);
    expect(seen.some((line) => line.startsWith("/drip ") && !line.includes("error"))).toBe(false);
  });

  it("leaves a steady slow body alone however long it takes, and a handler that reads late", async () => {
    const { response } = await rawExchange("POST /steady HTTP/1.1\r\nHost: x\r\nContent-Length: 20480\r\nConnection: close\r\n\r\n", async (write) => {
      for (let index = 0; index < 10; index += 1) {
        write(randomBytes(2048));
        await sleep(WINDOW_MS / 4);
      }
    });
    expect(response).toContain("got 20480");
    const late = await fetch(`http://127.0.0.1:${port}/slow-handler`, { method: "POST", body: new Uint8Array(randomBytes(512 * 1024)) });
    expect(await late.text()).toBe(`got ${512 * 1024}`);
  });

  it("lets a resumable upload pause between chunks longer than the stall window", async () => {
    const tenant = await createTestTenant("bodies");
    const name = `${tenant.slug}/api`;
    const token = await fetchTenantToken(registry, tenant, [name]);
    const origin = `http://127.0.0.1:${port}`;
    const auth = { Authorization: `Bearer ${token}` };
    const start = await fetch(`${origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: auth });
    expect(start.status).toBe(202);
    const parts = [randomBytes(100 * 1024), randomBytes(100 * 1024)];
    let location = start.headers.get("location")!;
    for (const part of parts) {
      const patch = await fetch(`${origin}${location}`, { method: "PATCH", headers: auth, body: new Uint8Array(part) });
      expect(patch.status).toBe(202);
      location = patch.headers.get("location")!;
      await sleep(3 * WINDOW_MS);
    }
    const digest = computeDigest(Buffer.concat(parts));
    const put = await fetch(`${origin}${location}?digest=${digest}`, { method: "PUT", headers: auth });
    expect(put.status).toBe(201);
  });
});
