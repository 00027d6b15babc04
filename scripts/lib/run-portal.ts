// The body of `npm start` (scripts/start.ts), apart from the web front, so tests can run
// the same start-up and shutdown with a stand-in for Next.js (scripts/lib/test-support).
import type { IncomingMessage, ServerResponse } from "node:http";
import path from "node:path";
import { ConfigError, getConfig, publishToEnvironment, resolveRegistryHost } from "../../lib/config";
import { loadServerSecrets } from "../../lib/config/secrets";
import type { RunningPostgres } from "../../lib/db/embedded-postgres";
import { applyMigrations } from "../../lib/db/migrate";
import { startSupervisedPostgres } from "../../lib/db/postgres-supervisor";
import { startJobs, stopJobs } from "../../lib/jobs";
import { CLIENT_ADDRESS_HEADER } from "../../lib/api/client-address";
import { describeError, getLogger } from "../../lib/observability/logger";
import { readClientAddress } from "../../lib/registry/http/client-address";
import { resolveStorageSettings } from "../../lib/registry/storage/storage-settings";
import { listServerJobs } from "./background-jobs";
import { closeRegistry, mountRegistry } from "./mount-registry";
import { createPortalServer } from "./portal-server";
import { closeDatabase, createServerReadiness, registerDatabaseMetrics } from "./server-health";

function loadConfigOrExit() {
  try {
    const config = getConfig();
    resolveStorageSettings(); // REGISTRY_STORAGE=s3 needs its S3_* settings together
    return config;
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : `Invalid configuration: ${error instanceof Error ? error.message : String(error)}`;
    process.stderr.write(`[slipway] ${message}\n`);
    process.exit(78); // EX_CONFIG
  }
}

/** One shutdown step: logged when it fails or takes over 10 s, never blocking the next one longer. */
async function step(name: string, work: Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), 10_000)));
  const outcome = await Promise.race([work.then(() => "done" as const, (error: unknown) => error), late]).finally(() => clearTimeout(timer));
  if (outcome === "late") getLogger().warn(`shutdown: ${name} did not stop within 10 s; going on`);
  else if (outcome !== "done") getLogger().warn({ err: describeError(outcome) }, `shutdown: ${name} did not stop cleanly`);
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface RunPortalOptions {
  /** Prepares the web front (Next.js) once the database is ready; returns its request handler. */
  prepareWeb: (context: { port: number; log: (message: string) => void }) => Promise<Handler>;
}

/** Starts everything `npm start` runs, in order, and stops it in reverse on SIGTERM/SIGINT. */
export async function runPortal(options: RunPortalOptions): Promise<void> {
  let config = loadConfigOrExit();
  const logger = getLogger();
  const log = (message: string) => logger.info(message);
  const port = config.PORT;
  const dataDir = config.DATA_DIR;

  // Secrets are generated into $DATA_DIR/secrets.json when not in the environment;
  // publishing them lets the Next.js bundle (its own module graph) read the same values.
  const secrets = loadServerSecrets();
  config = publishToEnvironment({
    NEXTAUTH_SECRET: secrets.nextAuthSecret,
    SECRETS_KEY: secrets.secretsKey.toString("hex"),
    NEXTAUTH_URL: config.NEXTAUTH_URL ?? `http://localhost:${port}`,
    REGISTRY_HOST: resolveRegistryHost(config),
  });

  let postgres: RunningPostgres | undefined;
  if (!config.DATABASE_URL) {
    const postgresDir = path.join(dataDir, "postgres");
    const dbLog = logger.child({ component: "postgres" });
    postgres = await startSupervisedPostgres(postgresDir, {
      log: (line) => dbLog.info(line),
      onDown: () => dbLog.error("the embedded PostgreSQL died; requests answer 503 until it is back"),
    });
    config = publishToEnvironment({ DATABASE_URL: postgres.connectionString });
    log(`database: embedded PostgreSQL in ${postgresDir} (127.0.0.1:${postgres.port})`);
  } else {
    log(`database: ${new URL(config.DATABASE_URL).host} (DATABASE_URL)`);
  }
  const databaseUrl = config.DATABASE_URL!;

  let portal: ReturnType<typeof createPortalServer> | null = null;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const deadline = config.SHUTDOWN_TIMEOUT;
    log(`${signal}: shutting down (requests in flight get up to ${deadline} ms)`);
    const cut = portal ? await portal.shutdown(deadline) : 0;
    if (cut) logger.warn(`${cut} request(s) still running at the deadline were cut`);
    // Running jobs are aborted and retried later by this or another instance.
    await step("background jobs", stopJobs());
    await step("registry (pull ledger, proxy counters)", closeRegistry());
    await step("database pool", closeDatabase());
    if (postgres) await step("embedded PostgreSQL", postgres.stop());
    log("stopped");
    process.exit(0);
  };
  process.on("uncaughtException", (error) => {
    logger.fatal({ err: describeError(error) }, "uncaught exception; exiting");
    process.exit(1);
  });
  process.on("unhandledRejection", (error) => logger.error({ err: describeError(error) }, "unhandled promise rejection"));
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const applied = await applyMigrations(databaseUrl, { log });
  log(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");
  await startJobs({ connectionString: databaseUrl, jobs: listServerJobs(), log });

  const handleNext = await options.prepareWeb({ port, log });
  const handleRegistry = mountRegistry(log);
  registerDatabaseMetrics();

  portal = createPortalServer({
    handleNext,
    handleRegistry,
    readiness: createServerReadiness(),
    metricsToken: config.METRICS_TOKEN,
    logger,
    // Route handlers cannot see the socket; this header (never taken from the client)
    // tells them the caller's address, which license throttling counts failures by.
    prepare: (req) => {
      req.headers[CLIENT_ADDRESS_HEADER] = readClientAddress(req);
    },
  });
  const { server } = portal;
  // Large layer uploads can take longer than Node's default request timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  if (stopping) return;
  await new Promise<void>((resolve) => server.listen(port, config.HOST, resolve));
  log(`ready: the portal listens on http://localhost:${port} (registry host ${config.REGISTRY_HOST})`);
}

/** Runs the portal; a failure to start is logged and exits 1. */
export function runPortalOrExit(options: RunPortalOptions): void {
  runPortal(options).catch((error) => {
    getLogger().fatal({ err: describeError(error) }, `failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
