/**
 * The guarded transport against loopback servers: redirects (limit and re-check),
 * credentials on cross-origin redirects, pinning a checked address under a host name
 * DNS does not know, TLS failures and the body cap. Every socket here is loopback;
 * refused destinations are refused before any connection is made.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { parseAllowList, type Resolver } from "./address-guard";
import { createDeadline } from "./deadline";
import { sendGuardedRequest, type GuardedRequest } from "./guarded-request";
import { UpstreamError } from "./upstream-error";

const servers: http.Server[] = [];
const allow = parseAllowList("127.0.0.1");

async function serve(handler: http.RequestListener): Promise<number> {
  const server = http.createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as AddressInfo).port;
}

afterAll(async () => {
  await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
});

function send(url: string, extra: Partial<GuardedRequest> = {}) {
  const deadline = createDeadline(2000);
  return sendGuardedRequest({ method: "GET", url: new URL(url), deadline, guard: { allow }, ...extra }).finally(deadline.dispose);
}

async function failure(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

/** /hop/N redirects N more times, then answers with what it was sent. */
async function serveHops(): Promise<{ port: number; seen: string[] }> {
  const seen: string[] = [];
  const port = await serve((req, res) => {
    seen.push(req.url ?? "");
    const left = Number(req.url?.match(/^\/hop\/(\d+)$/)?.[1] ?? 0);
    if (left > 0) {
      res.writeHead(302, { location: `/hop/${left - 1}` });
      return res.end();
    }
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify({ host: req.headers.host, authorization: req.headers.authorization ?? null }));
  });
  return { port, seen };
}

describe("sendGuardedRequest", () => {
  it("follows up to 3 redirects and stops at the 4th", async () => {
    const { port, seen } = await serveHops();
    const ok = await send(`http://127.0.0.1:${port}/hop/3`);
    expect(ok.status).toBe(200);
    expect(ok.url.pathname).toBe("/hop/0");
    const error = await failure(send(`http://127.0.0.1:${port}/hop/4`));
    expect(error.reason).toBe("too_many_redirects");
    expect(error.message).toBe(`127.0.0.1:${port} redirected more than 3 times; stopped at 127.0.0.1:${port}.`);
    expect(seen.filter((url) => url === "/hop/0")).toHaveLength(1);
  });

  it("re-checks every redirect target before connecting", async () => {
    const targets = ["http://127.0.0.2:9/", "http://[::1]:9/", "http://169.254.169.254/latest/meta-data/", "http://meta.test/"];
    const resolve: Resolver = async () => ["10.0.0.1"];
    for (const target of targets) {
      const port = await serve((_req, res) => {
        res.writeHead(307, { location: target });
        res.end();
      });
      const error = await failure(send(`http://127.0.0.1:${port}/`, { guard: { allow, resolve } }));
      expect(error.reason).toBe("refused_address");
      expect(error.message).toContain("EXTERNAL_REGISTRY_ALLOW");
    }
  });

  it("drops credentials on a redirect to another origin but keeps them on the same one", async () => {
    const { port: other } = await serveHops();
    const origin = await serve((req, res) => {
      res.writeHead(302, { location: req.url === "/away" ? `http://127.0.0.1:${other}/hop/0` : "/hop/0" });
      res.end();
    });
    const { port: same } = await serveHops();
    const headers = { authorization: "Bearer abc" };
    const away = await send(`http://127.0.0.1:${origin}/away`, { headers });
    expect(JSON.parse(away.body.toString()).authorization).toBeNull();
    const here = await send(`http://127.0.0.1:${same}/hop/2`, { headers });
    expect(JSON.parse(here.body.toString()).authorization).toBe("Bearer abc");
  });

  it("connects to the checked address while sending the host name, which DNS never resolves", async () => {
    const { port } = await serveHops();
    const calls: string[] = [];
    const resolve: Resolver = async (host) => {
      calls.push(host);
      return ["127.0.0.1"];
    };
    const response = await send(`http://registry.test:${port}/hop/1`, { guard: { allow: parseAllowList("registry.test"), resolve } });
    expect(JSON.parse(response.body.toString()).host).toBe(`registry.test:${port}`);
    expect(calls).toEqual(["registry.test", "registry.test"]);
  });

  it("uses a pinned destination instead of asking DNS again", async () => {
    const { port } = await serveHops();
    const resolve: Resolver = async () => ["10.9.9.9"]; // would be refused; the pin wins
    const pinned = { host: "registry.test", addresses: ["127.0.0.1"], isAllowListed: true, isLoopback: true };
    const response = await send(`http://registry.test:${port}/hop/0`, { pinned, guard: { allow, resolve } });
    expect(response.status).toBe(200);
  });

  it("refuses plain HTTP to a destination that is only public, not allowed", async () => {
    const resolve: Resolver = async () => ["93.184.216.34"];
    const error = await failure(send("http://public.test/v2/", { guard: { allow, resolve } }));
    expect(error.reason).toBe("insecure_scheme");
  });

  it("reports HTTPS spoken to a plain HTTP server as a TLS failure", async () => {
    const { port } = await serveHops();
    const error = await failure(send(`https://127.0.0.1:${port}/`));
    expect(error.reason).toBe("tls");
    expect(error.message).toMatch(new RegExp(`^The TLS handshake with 127\\.0\\.0\\.1:${port} failed: `));
  });

  it("keeps at most maxBodyBytes of a large body", async () => {
    const port = await serve((_req, res) => {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("x".repeat(1024 * 1024));
    });
    const response = await send(`http://127.0.0.1:${port}/`, { maxBodyBytes: 1000 });
    expect(response.status).toBe(500);
    expect(response.body.length).toBe(1000);
  });
});
