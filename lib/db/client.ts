/**
 * The one Prisma client. Connects through the pg adapter to DATABASE_URL (the start
 * script sets it to the embedded server when the operator gave none). Cached on
 * globalThis so hot reloads and many route modules share one pool.
 */
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { getConfig } from "@/lib/config";
import { PrismaClient } from "./generated/client";

export { Prisma } from "./generated/client";
export { PrismaClient };

const globalForPrisma = globalThis as unknown as { slipwayPrisma?: PrismaClient; slipwayPool?: pg.Pool };

/** A new client for `connectionString` (tests and scripts that manage their own). */
export function createPrismaClient(connectionString: string): PrismaClient {
  return createClientOnPool(new pg.Pool({ connectionString, max: 20 }));
}

/** Each client's pg pool, so hot paths can send a statement without Prisma's runtime (findClientPool). */
const clientPools = new WeakMap<PrismaClient, pg.Pool>();

function createClientOnPool(pool: pg.Pool): PrismaClient {
  // Prisma's default of 2 s to start an interactive transaction fails requests on a busy
  // machine (every audited change is one); waiting longer for a pooled connection is right.
  const client = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }), transactionOptions: { maxWait: 10_000, timeout: 15_000 } });
  clientPools.set(client, pool);
  return client;
}

function getPrisma(): PrismaClient {
  if (!globalForPrisma.slipwayPrisma) {
    const url = getConfig().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; start the portal with `npm start`, which provides a database.");
    globalForPrisma.slipwayPool = new pg.Pool({ connectionString: url, max: 20 });
    globalForPrisma.slipwayPrisma = createClientOnPool(globalForPrisma.slipwayPool);
  }
  return globalForPrisma.slipwayPrisma;
}

/** The shared client, created on first use so importing this module needs no database. */
export const prisma: PrismaClient = new Proxy({} as PrismaClient, {
  get(_target, property) {
    const client = getPrisma();
    const value = Reflect.get(client, property, client);
    return typeof value === "function" ? value.bind(client) : value;
  },
});

/**
 * The pg pool under a client made here (the shared one included), or null for any other
 * (a transaction client): its statements then go through Prisma.
 */
export function findClientPool(db: PrismaClient): pg.Pool | null {
  if (db === prisma) {
    getPrisma();
    return globalForPrisma.slipwayPool ?? null;
  }
  return clientPools.get(db) ?? null;
}

/** The shared client's connection pool use (for /metrics), or null before first use. */
export function readSharedPoolUsage(): { total: number; idle: number; waiting: number } | null {
  const pool = globalForPrisma.slipwayPool;
  return pool ? { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null;
}

/** Closes the shared client and its pool (shutdown); the next use opens new ones. */
export async function disconnectSharedPrisma(): Promise<void> {
  const client = globalForPrisma.slipwayPrisma;
  globalForPrisma.slipwayPrisma = undefined;
  globalForPrisma.slipwayPool = undefined;
  await client?.$disconnect();
}
