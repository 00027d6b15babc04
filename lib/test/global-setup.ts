/**
 * Vitest global setup for integration tests: a real PostgreSQL with every migration
 * applied. Uses DATABASE_URL when set (local only); otherwise starts an embedded
 * server in a temporary folder and removes it afterwards.
 */
import type { TestProject } from "vitest/node";
import { startTemporaryPostgres } from "../db/embedded-postgres";
import { assertLocalDatabaseUrl } from "../db/local-database-url";
import { applyMigrations } from "../db/migrate";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export default async function setup(project: TestProject) {
  let stop = async () => {};
  let url = process.env.DATABASE_URL;
  if (url) {
    assertLocalDatabaseUrl(url);
  } else {
    const postgres = await startTemporaryPostgres();
    url = postgres.connectionString;
    stop = postgres.stop;
  }
  await applyMigrations(url);
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  return stop;
}
