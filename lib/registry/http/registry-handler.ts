/**
 * The one dispatcher for /v2/: matches the route table, validates the repository name,
 * authorises once from method + repository, runs the resource's handler, and renders
 * every error through the OCI error table. Unexpected failures become a 500 carrying a
 * request id; the stack goes to the log only.
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { currentRequestId, notePrincipal, noteRegistryTarget } from "@/lib/observability/request-context";
import { RegistryError, isRegistryError } from "@/lib/registry/errors";
import { authenticateRequest, authorizeCaller, challengeScope, resolveRealm, resolveService } from "@/lib/registry/http/authorize";
import { deleteBlob, getBlob, isClientGone } from "@/lib/registry/http/blobs";
import { checkApiVersion, listCatalog } from "@/lib/registry/http/catalog";
import { SILENT_LOGGER, type RegistryContext, type RegistryHandlerOptions, type RegistryLogger, type RegistryRouteHandler } from "@/lib/registry/http/context";
import { deleteManifest, getManifest, putManifest } from "@/lib/registry/http/manifests";
import { listReferrers } from "@/lib/registry/http/referrers";
import { sendRegistryError } from "@/lib/registry/http/respond";
import { isRequestAborted } from "@/lib/http/request-aborted";
import { matchRoute, resolveRouteAccess, type HttpMethod, type RouteName } from "@/lib/registry/http/routes";
import { listRepositoryTags } from "@/lib/registry/http/tags";
import { issueToken } from "@/lib/registry/http/token";
import { cancelUpload, completeUpload, getUploadStatus, patchUpload, startUpload } from "@/lib/registry/http/uploads";
import { purgeAbandonedUploads } from "@/lib/registry/metadata/upload-sessions";
import { explainAppRepositoryName } from "@/lib/registry/names";
import { isProxyName, resolveProxyHandler } from "@/lib/registry/proxy/proxy-routes";

const HANDLERS: Record<RouteName, Partial<Record<HttpMethod, RegistryRouteHandler>>> = {
  base: { GET: checkApiVersion, HEAD: checkApiVersion },
  token: { GET: issueToken, POST: issueToken },
  catalog: { GET: listCatalog },
  tags: { GET: listRepositoryTags },
  manifest: { GET: getManifest, HEAD: getManifest, PUT: putManifest, DELETE: deleteManifest },
  uploads: { POST: startUpload },
  upload: { GET: getUploadStatus, PATCH: patchUpload, PUT: completeUpload, DELETE: cancelUpload },
  blob: { GET: getBlob, HEAD: getBlob, DELETE: deleteBlob },
  referrers: { GET: listReferrers },
};

const DEFAULT_ABANDONED_UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const PURGE_INTERVAL_MS = 60 * 60 * 1000;

async function dispatch(options: RegistryHandlerOptions, logger: RegistryLogger, req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
  const url = new URL(req.url ?? "/", "http://registry.invalid");
  const method = req.method ?? "GET";
  const match = matchRoute(url.pathname);
  if (!match) throw new RegistryError("UNSUPPORTED", `no registry endpoint at ${url.pathname}`, undefined, { status: 404 });
  const access = resolveRouteAccess(match.route, method);
  // The pull-through proxy's names take their own path: read-only, their own grammar.
  const isProxy = isProxyName(match.name);
  const handler = isProxy ? resolveProxyHandler(match.name!, match.route.name, method) : HANDLERS[match.route.name][method as HttpMethod];
  if (!access || !handler) {
    const allow = Object.keys(match.route.methods).join(", ");
    throw new RegistryError("UNSUPPORTED", `${method} is not supported here`, undefined, { headers: { Allow: allow } });
  }
  const name = match.name ?? "";
  if (match.name !== undefined && !isProxy) {
    const reason = explainAppRepositoryName(name);
    if (reason) throw new RegistryError("NAME_INVALID", `invalid repository name: ${reason}`, { name });
  }
  const service = resolveService(options, req);
  const realm = resolveRealm(options, req);
  const scope = challengeScope(access, name, match.route.name, url);
  noteRegistryTarget(match.name, match.digest ?? match.reference);
  const caller = access === "public" ? null : await authenticateRequest(options, req, { realm, service, scope });
  // For the access log: who, never with what credential (a license is named by its customer).
  if (caller) notePrincipal(caller.license ? "license" : "user", caller.subject);
  authorizeCaller(caller, access, name, { realm, service, scope }, match.route.name);
  const context: RegistryContext = { req, res, url, method, match, name, caller, options, logger, service, realm, requestId };
  await handler(context);
}

function renderFailure(req: IncomingMessage, res: ServerResponse, error: unknown, logger: RegistryLogger, requestId: string): void {
  if (isClientGone(error) || isRequestAborted(error)) {
    logger.info("client went away", { requestId, method: req.method, url: req.url });
    res.destroy();
    return;
  }
  const isUnavailable = !isRegistryError(error) && isDatabaseUnavailable(error);
  const registryError = isRegistryError(error)
    ? error
    : isUnavailable
      ? new RegistryError("UNKNOWN", `${DATABASE_UNAVAILABLE_MESSAGE} (request id ${requestId})`, undefined, { status: 503, headers: { "Retry-After": "5" } })
      : new RegistryError("UNKNOWN", `internal error (request id ${requestId})`);
  if (isUnavailable) logger.warn("registry request failed: database unavailable", { requestId, method: req.method });
  else if (!isRegistryError(error)) {
    logger.error("registry request failed", { requestId, method: req.method, url: req.url, error: error instanceof Error ? error.stack : String(error) });
  }
  if (res.headersSent) {
    // The client only sees a connection cut short of its length: the reason is told here.
    if (isRegistryError(error)) logger.warn("registry response cut short", { requestId, method: req.method, url: req.url, code: error.code, message: error.message });
    res.destroy();
    return;
  }
  sendRegistryError(req, res, registryError, requestId);
}

/** Purges abandoned uploads at most once an hour per handler, in the background. */
function createPurgeTrigger(options: RegistryHandlerOptions, logger: RegistryLogger): () => void {
  let lastRun = 0;
  return () => {
    const now = Date.now();
    if (now - lastRun < PURGE_INTERVAL_MS) return;
    lastRun = now;
    purgeAbandonedUploads(options.prisma, options.storage, options.abandonedUploadMaxAgeMs ?? DEFAULT_ABANDONED_UPLOAD_MAX_AGE_MS).catch((error) =>
      logger.warn("purging abandoned uploads failed", { error: String(error) }),
    );
  };
}

/** The Node request handler for every path that is `/v2` or starts with `/v2/`. */
export function createRegistryHandler(options: RegistryHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const logger = options.logger ?? SILENT_LOGGER;
  const purgeIfDue = createPurgeTrigger(options, logger);
  return async (req, res) => {
    const requestId = currentRequestId() ?? randomBytes(6).toString("hex");
    res.setHeader("Docker-Distribution-API-Version", "registry/2.0");
    res.setHeader("X-Request-Id", requestId);
    try {
      await dispatch(options, logger, req, res, requestId);
      if (req.method === "POST") purgeIfDue();
    } catch (error) {
      renderFailure(req, res, error, logger, requestId);
    }
  };
}
