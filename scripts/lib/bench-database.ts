// The database a benchmark runs against: DATABASE_URL when set (local only), otherwise a
// throwaway embedded PostgreSQL; migrations applied either way.
import { assertLocalDatabaseUrl } from "../../lib/db/local-database-url";
import { applyMigrations } from "../../lib/db/migrate";

export interface BenchDatabase {
  url: string;
  /** The embedded server's postmaster, whose process tree is the database's CPU; null for DATABASE_URL. */
  pid: number | null;
  /** Stops the embedded server when one was started; a no-op for DATABASE_URL. */
  stop: () => Promise<void>;
}

/** Opens the benchmark's database and brings its schema up to date. */
export async function openBenchDatabase(): Promise<BenchDatabase> {
  let database: BenchDatabase;
  if (process.env.DATABASE_URL) {
    assertLocalDatabaseUrl(process.env.DATABASE_URL);
    database = { url: process.env.DATABASE_URL, pid: null, stop: async () => {} };
  } else {
    // Imported only when needed: a benchmark's --serve child never starts a database.
    const { startTemporaryPostgres } = await import("../../lib/db/embedded-postgres");
    const postgres = await startTemporaryPostgres();
    database = { url: postgres.connectionString, pid: postgres.pid, stop: postgres.stop };
  }
  await applyMigrations(database.url);
  return database;
}
