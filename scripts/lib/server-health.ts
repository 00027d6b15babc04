// What /readyz checks and the database-backed gauges of /metrics, wired to the shared
// Prisma client and blob store of this process (scripts/start.ts).
import { randomUUID } from "node:crypto";
import { Readable } from "node:stream";
import { disconnectSharedPrisma, prisma, readSharedPoolUsage } from "../../lib/db/client";
import { readMigrations } from "../../lib/db/migrate";
import { createReadiness, type Readiness } from "../../lib/observability/health";
import { registerCachedGauge } from "../../lib/observability/metrics";
import { getSharedStorageDriver } from "../../lib/registry/storage/shared-driver";
import { resolveStorageSettings } from "../../lib/registry/storage/storage-settings";

/** Database reachable, every migration applied, blob store writable; one evaluation per second at most. */
export function createServerReadiness(): Readiness {
  const expected = readMigrations().map((migration) => migration.name);
  const storage = getSharedStorageDriver();
  return createReadiness([
    { name: "database", run: async () => void (await prisma.$queryRaw`SELECT 1`) },
    {
      name: "migrations",
      run: async () => {
        const rows = await prisma.$queryRaw<Array<{ migration_name: string }>>`SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`;
        const applied = new Set(rows.map((row) => row.migration_name));
        const missing = expected.filter((name) => !applied.has(name));
        if (missing.length) throw new Error(`${missing.length} migration(s) not applied, first ${missing[0]}`);
      },
    },
    {
      // An upload area created, written to and removed: the same writes a push makes first.
      name: "blob store",
      cacheMs: 5000,
      run: async () => {
        const id = randomUUID();
        await storage.createUpload(id);
        try {
          await storage.writeUpload(id, 0, Readable.from([Buffer.from("1")]));
        } finally {
          await storage.deleteUpload(id).catch(() => {});
        }
      },
    },
  ]);
}

/** Blob store size per backend, open upload sessions and the pool's connections, each read at most every 10 s. */
export function registerDatabaseMetrics(): void {
  const backend = resolveStorageSettings().kind;
  registerCachedGauge("slipway_blob_store_bytes", "Bytes of distinct blobs in the blob store (from the database)", ["backend"], async () => {
    const [row] = await prisma.$queryRaw<Array<{ bytes: bigint | null }>>`SELECT sum(size) AS bytes FROM "Blob"`;
    return [{ labels: { backend }, value: Number(row?.bytes ?? 0) }];
  });
  registerCachedGauge("slipway_upload_sessions_open", "Upload sessions started and not yet completed or cancelled", [], async () => [{ labels: {}, value: await prisma.uploadSession.count() }]);
  registerCachedGauge("slipway_db_pool_connections", "Connections of the shared database pool by state", ["state"], async () => {
    const usage = readSharedPoolUsage();
    if (!usage) return [];
    return [
      { labels: { state: "total" }, value: usage.total },
      { labels: { state: "idle" }, value: usage.idle },
      { labels: { state: "waiting_clients" }, value: usage.waiting },
    ];
  }, 0);
}

/** Closes the shared database pool (shutdown). */
export function closeDatabase(): Promise<void> {
  return disconnectSharedPrisma();
}
