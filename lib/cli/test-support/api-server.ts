/**
 * The /api/v1 routes the CLI uses, served over real HTTP on a loopback port by a
 * small Node server that hands each request to the route file's handler the way
 * Next.js does (a Web Request in, a Web Response out). The CLI under test talks HTTP
 * to it exactly as it talks to a portal.
 */
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as customersRoute from "@/app/api/v1/apps/[slug]/customers/route";
import * as imagesRoute from "@/app/api/v1/apps/[slug]/images/route";
import * as imagePathRoute from "@/app/api/v1/apps/[slug]/images/[...path]/route";
import * as releasesRoute from "@/app/api/v1/apps/[slug]/releases/route";
import * as previewRoute from "@/app/api/v1/apps/[slug]/releases/preview/route";
import * as promoteRoute from "@/app/api/v1/apps/[slug]/releases/[sequence]/promote/route";
import * as registriesRoute from "@/app/api/v1/registries/route";
import * as registryTestRoute from "@/app/api/v1/registries/[name]/test/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Partial<Record<"GET" | "POST" | "PUT" | "DELETE", Handler>>;

/** Path patterns (segments; `:name` one segment, `*name` the rest) and their route files. */
const ROUTES: [string, RouteModule][] = [
  ["tokens", tokensRoute],
  ["apps", appsRoute],
  ["apps/:slug/releases", releasesRoute],
  ["apps/:slug/releases/preview", previewRoute],
  ["apps/:slug/releases/:sequence/promote", promoteRoute],
  ["apps/:slug/images", imagesRoute],
  ["apps/:slug/images/*path", imagePathRoute],
  ["apps/:slug/customers", customersRoute],
  ["registries", registriesRoute],
  ["registries/:name/test", registryTestRoute],
];

export interface ApiServer {
  url: string;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and an ephemeral port. */
export async function startApiServer(): Promise<ApiServer> {
  const server = createServer((req, res) => {
    handle(req)
      .then(async (response) => {
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch((error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(String(error));
      });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => closeServer(server) };
}

async function handle(req: IncomingMessage): Promise<Response> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const segments = url.pathname.replace(/^\/api\/v1\/?/, "").split("/").filter(Boolean).map(decodeURIComponent);
  const found = url.pathname.startsWith("/api/v1/") ? matchRoute(segments) : null;
  const handler = found?.module[req.method as keyof RouteModule];
  if (!found || !handler) return new Response("<html>not here</html>", { status: 404, headers: { "content-type": "text/html" } });
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  const request = new Request(url, { method: req.method, headers: req.headers as Record<string, string>, body: hasBody ? Buffer.concat(chunks) : undefined });
  return handler(request, { params: Promise.resolve(found.params) });
}

function matchRoute(segments: string[]): { module: RouteModule; params: Record<string, string | string[]> } | null {
  for (const [pattern, module] of ROUTES) {
    const parts = pattern.split("/");
    const params: Record<string, string | string[]> = {};
    let isMatch = true;
    for (let i = 0; i < parts.length && isMatch; i++) {
      const part = parts[i];
      if (part.startsWith("*")) {
        params[part.slice(1)] = segments.slice(i);
        return segments.length > i ? { module, params } : null;
      }
      if (i >= segments.length) isMatch = false;
      else if (part.startsWith(":")) params[part.slice(1)] = segments[i];
      else isMatch = part === segments[i];
    }
    if (isMatch && parts.length === segments.length) return { module, params };
  }
  return null;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
