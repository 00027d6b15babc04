// The one HTTP server of `npm start`, in front of the registry and Next.js:
// - every request gets an X-Request-Id (a well-formed incoming one is kept) and a request
//   context (lib/observability/request-context.ts) that deeper code fills in;
// - one access-log line per request when it ends (method, redacted path, status, bytes,
//   duration, request id, principal, repository and digest) and the HTTP metrics;
// - /healthz, /readyz and /metrics are answered here, before Next.js, so probes are cheap;
// - shutdown(): stop accepting, let requests in flight finish up to a deadline, then cut
//   what is left (an upload cut there gets the same error as a dropped connection: its
//   bytes stay in an upload area and never become a visible blob).
import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { guardRequestBody } from "../../lib/http/body-limits";
import type { Logger } from "../../lib/observability/logger";
import type { Readiness } from "../../lib/observability/health";
import { getMetrics, routeGroupOf } from "../../lib/observability/metrics";
import { redactPath } from "../../lib/observability/redact";
import { acceptRequestId, runWithRequestContext, type RequestContext } from "../../lib/observability/request-context";

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface PortalServerOptions {
  handleRegistry: Handler;
  handleNext: Handler;
  readiness: Readiness;
  /** When set, /metrics needs `Authorization: Bearer <token>`; otherwise only loopback clients get it. */
  metricsToken?: string;
  logger: Logger;
  /** Runs before routing (e.g. the client-address header for route handlers). */
  prepare?: (req: IncomingMessage) => void;
}

export interface PortalServer {
  server: Server;
  /** Stops accepting, waits for requests in flight up to `timeoutMs`, then closes what is left; resolves with how many were cut. */
  shutdown(timeoutMs: number): Promise<number>;
}

/** Where each connection's byte counters stood when its previous request ended (keep-alive). */
const socketMarks = new WeakMap<object, { read: number; written: number }>();

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);
const UPLOAD_METHODS = new Set(["PATCH", "PUT", "POST"]);

function sendText(res: ServerResponse, status: number, body: string, contentType = "application/json", headers: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(body), "Cache-Control": "no-store", ...headers });
  res.end(body);
}

function isMetricsCaller(req: IncomingMessage, token: string | undefined): boolean {
  if (!token) return LOOPBACK.has(req.socket.remoteAddress ?? "");
  const given = Buffer.from(/^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? "");
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function serveOperations(pathname: string, req: IncomingMessage, res: ServerResponse, options: PortalServerOptions): Promise<boolean> {
  if (pathname !== "/healthz" && pathname !== "/readyz" && pathname !== "/metrics") return false;
  if (req.method !== "GET" && req.method !== "HEAD") {
    sendText(res, 405, JSON.stringify({ error: { code: "method_not_allowed", message: `${req.method} is not allowed here` } }), "application/json", { Allow: "GET, HEAD" });
    return true;
  }
  if (pathname === "/healthz") {
    sendText(res, 200, JSON.stringify({ status: "ok" }));
  } else if (pathname === "/readyz") {
    const report = await options.readiness.probe();
    sendText(res, report.ready ? 200 : 503, JSON.stringify({ status: report.ready ? "ready" : "unready", checks: report.checks }));
  } else if (!isMetricsCaller(req, options.metricsToken)) {
    const message = options.metricsToken ? "GET /metrics needs Authorization: Bearer <METRICS_TOKEN>" : "/metrics answers loopback clients only; set METRICS_TOKEN to scrape from elsewhere";
    sendText(res, options.metricsToken ? 401 : 403, JSON.stringify({ error: { code: options.metricsToken ? "unauthorized" : "forbidden", message } }));
  } else {
    const { registry } = getMetrics();
    sendText(res, 200, await registry.metrics(), registry.contentType);
  }
  return true;
}

function recordRequest(req: IncomingMessage, res: ServerResponse, context: RequestContext, started: bigint, path: string, bytesBase: { read: number; written: number }, logger: Logger): void {
  const metrics = getMetrics();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const group = routeGroupOf(path.split("?")[0]!);
  const status = res.writableFinished ? res.statusCode : 499;
  const labels = { group, method: req.method ?? "GET", status: String(status) };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, seconds);
  const bytesIn = Math.max(0, req.socket.bytesRead - bytesBase.read);
  const bytesOut = Math.max(0, req.socket.bytesWritten - bytesBase.written);
  if (group === "registry") {
    metrics.registryBytesIn.inc(bytesIn);
    metrics.registryBytesOut.inc(bytesOut);
  }
  if (group === "operations") return;
  logger.info({
    requestId: context.requestId,
    method: req.method,
    path: redactPath(path),
    status,
    ...(res.writableFinished ? {} : { aborted: true }),
    bytes: bytesOut,
    bytesIn,
    durationMs: Math.round(seconds * 1e4) / 10,
    ...(context.principal ? { principal: context.principal } : {}),
    ...(context.repository ? { repository: context.repository } : {}),
    ...(context.digest ? { digest: context.digest } : {}),
  }, "request");
}

/** The server; call `listen` on `server` yourself. */
export function createPortalServer(options: PortalServerOptions): PortalServer {
  const accessLog = options.logger.child({ component: "access" });
  let inFlight = 0;
  let stopping = false;
  let drained: (() => void) | null = null;

  const server = createServer((req, res) => {
    const started = process.hrtime.bigint();
    // Counted from the end of the connection's previous request: this request's headers and body.
    const bytesBase = socketMarks.get(req.socket) ?? { read: 0, written: 0 };
    const requestId = acceptRequestId(req.headers["x-request-id"]);
    req.headers["x-request-id"] = requestId;
    res.setHeader("X-Request-Id", requestId);
    if (stopping) res.setHeader("Connection", "close");
    const path = req.url ?? "/";
    const context: RequestContext = { requestId };
    const metrics = getMetrics();
    const isUpload = path.startsWith("/v2/") && path.includes("/blobs/uploads/") && UPLOAD_METHODS.has(req.method ?? "");
    if (isUpload) metrics.uploadsInProgress.inc();
    inFlight += 1;
    res.once("close", () => {
      inFlight -= 1;
      if (isUpload) metrics.uploadsInProgress.dec();
      recordRequest(req, res, context, started, path, bytesBase, accessLog);
      socketMarks.set(req.socket, { read: req.socket.bytesRead, written: req.socket.bytesWritten });
      if (stopping && inFlight === 0) drained?.();
    });
    // Caps on non-upload bodies and the stall clock (REQUEST_IDLE_TIMEOUT); true: already answered (413).
    if (guardRequestBody(req, res)) return;
    runWithRequestContext(context, () => {
      void (async () => {
        options.prepare?.(req);
        const pathname = path.split("?")[0]!;
        if (await serveOperations(pathname, req, res, options)) return;
        if (pathname === "/v2" || pathname.startsWith("/v2/")) await options.handleRegistry(req, res);
        else await options.handleNext(req, res);
      })().catch((error: unknown) => {
        options.logger.error({ requestId, err: error instanceof Error ? { message: error.message, stack: error.stack } : String(error) }, "request failed outside the handlers");
        if (!res.headersSent) sendText(res, 500, JSON.stringify({ error: { code: "internal", message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`, requestId } }));
        else res.destroy();
      });
    });
  });

  return {
    server,
    async shutdown(timeoutMs) {
      stopping = true;
      options.readiness.markStopping();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, timeoutMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const cut = inFlight;
      server.closeAllConnections();
      await closed;
      return cut;
    },
  };
}

