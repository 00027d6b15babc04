// The portal for end-to-end tests: a production build on a fresh data folder, so each
// run starts from an empty database (an embedded one, or a scratch database on the
// server DATABASE_URL names).
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { assertLocalDatabaseUrl } from "../../lib/db/local-database-url";

// E2E_DATA_DIR lets two runs on one machine (different E2E_PORTs) keep apart.
const dataDir = path.resolve(process.env.E2E_DATA_DIR || path.join(".test-data", "e2e"));
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
process.env.DATA_DIR = dataDir;
process.env.SIGNUP = "open";

if (process.env.DATABASE_URL) {
  assertLocalDatabaseUrl(process.env.DATABASE_URL);
  const name = `e2e_${Date.now()}`;
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  writeFileSync(path.join(dataDir, "scratch-database.json"), JSON.stringify({ admin: process.env.DATABASE_URL, name }));
  const url = new URL(process.env.DATABASE_URL);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
}

await import("../../scripts/start.ts");
