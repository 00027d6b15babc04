// Drops the scratch database e2e/support/server.ts made when DATABASE_URL was given.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export default async function globalTeardown() {
  const file = path.join(path.resolve(process.env.E2E_DATA_DIR || path.join(".test-data", "e2e")), "scratch-database.json");
  if (!existsSync(file)) return;
  const { admin, name } = JSON.parse(readFileSync(file, "utf8")) as { admin: string; name: string };
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
}
