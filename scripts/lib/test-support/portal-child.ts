// The portal exactly as `npm start` runs it (scripts/lib/run-portal.ts: configuration,
// database, migrations, jobs, registry, the one HTTP server, signals), with a stand-in for
// the Next.js front so integration tests need no production build. Every path that is
// not /v2/, /healthz, /readyz or /metrics answers 404 here.
import { runPortalOrExit } from "../run-portal";

runPortalOrExit({
  prepareWeb: async () => (_req, res) => {
    const body = JSON.stringify({ error: { code: "not_found", message: "no web front in this test server" } });
    res.writeHead(404, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(body) });
    res.end(body);
  },
});
