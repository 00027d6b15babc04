/**
 * Raw statements of the hot paths (the registry's push path: HEAD, POST, PATCH and PUT of
 * every pushed blob, the manifest PUT's transaction; and the sign-in reads of every
 * docker, podman or skopeo login at the token endpoint: a password's, a license's, an
 * access token's), sent straight to the Prisma client's own pg pool. The same SQL through
 * `$queryRaw` costs this process about 0.5 ms of CPU per statement in Prisma's runtime
 * (its query compiler runs even for raw SQL) against about 0.2 ms through pg, and an
 * interactive transaction about 1-1.5 ms more; a small push sends some 40 such statements.
 *
 * Results come back as `$queryRaw` gives them for what these statements read: int8 as
 * bigint, `timestamp` (Prisma's DateTime, stored as UTC) as a Date. A Date parameter is
 * sent as its UTC ISO text, which a `timestamp` column reads as UTC, as Prisma writes it.
 * Parameters are sent untyped, so a statement casts any parameter whose type PostgreSQL
 * cannot infer from its place (a SELECT list). A client without a known pool goes through
 * Prisma unchanged.
 */
import { createHash } from "node:crypto";
import pg from "pg";
import { Prisma, findClientPool, type PrismaClient } from "@/lib/db/client";

const INT8_OID = 20;
const TIMESTAMP_OID = 1114;

const TYPES = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    if (oid === TIMESTAMP_OID) return (value: string) => new Date(`${value.replace(" ", "T")}Z`);
    return format === "binary" ? pg.types.getTypeParser(oid, "binary") : pg.types.getTypeParser(oid, "text");
  },
};

function toParameter(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  return value;
}

/**
 * Statements are prepared once per connection under a name, so PostgreSQL parses each
 * text once and, after five runs, keeps its plan: unprepared, the quota and session
 * statements of a push spent 1-2 ms each in planning (a POST's session count 3.4 ms
 * against 1.5 ms prepared). Only the first MAX_NAMED_STATEMENTS distinct texts get a
 * name; texts that vary (IN lists of different lengths) go unnamed past that, so no
 * connection holds an unbounded number of prepared statements.
 *
 * A name is made from the text's hash, not from a counter: the production build bundles
 * this module into several server chunks (the registry's, each route's), every copy with
 * its own map but all on the one shared pool, and a connection refuses a name it knows
 * for another text. Hashed, every copy gives a text the same name.
 */
const MAX_NAMED_STATEMENTS = 256;
const statementNames = new Map<string, string>();

function nameStatement(text: string): string | undefined {
  let name = statementNames.get(text);
  if (name === undefined && statementNames.size < MAX_NAMED_STATEMENTS) {
    name = `slipway_${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A FROM item that lets the statement's own transaction commit without waiting for its
 * WAL to reach the disk (synchronous_commit off for that transaction alone: set_config's
 * `true` is SET LOCAL). For the bookkeeping of uploads in progress (sessions, claims),
 * whose loss in a crash of PostgreSQL or the machine costs a client one retried blob:
 * the session is unknown or a claim or size older, so its next request is refused and
 * the client starts the blob again. Every commit that makes something visible still
 * waits, and its flush carries every earlier WAL record with it, so nothing visible ever
 * depends on a lost row. Waiting cost a small push about 10% of its time (the flush is a
 * disk sync per statement, some 16 per push; bench:registry, 2026-12-02).
 * Only for a statement that runs on its own: inside a transaction it relaxes all of it.
 */
export const WITHOUT_COMMIT_WAIT = Prisma.sql`(SELECT set_config('synchronous_commit', 'off', true)) AS without_commit_wait`;

function toQuery(sql: Prisma.Sql): pg.QueryConfig {
  return { name: nameStatement(sql.text), text: sql.text, values: sql.values.map(toParameter), types: TYPES as pg.CustomTypesConfig };
}

/** Runs statements on one connection: the rows of a query, the affected count of a command. */
export interface SqlRunner {
  query<T>(sql: Prisma.Sql): Promise<T[]>;
  execute(sql: Prisma.Sql): Promise<number>;
}

function prismaRunner(db: PrismaClient | Prisma.TransactionClient): SqlRunner {
  return { query: (sql) => db.$queryRaw(sql), execute: (sql) => db.$executeRaw(sql) };
}

function pgRunner(client: pg.Pool | pg.PoolClient): SqlRunner {
  return {
    query: async <T>(sql: Prisma.Sql) => (await client.query(toQuery(sql))).rows as T[],
    execute: async (sql) => (await client.query(toQuery(sql))).rowCount ?? 0,
  };
}

/** Statements outside a transaction, each on whichever pooled connection is free. */
export function clientRunner(db: PrismaClient): SqlRunner {
  const pool = findClientPool(db);
  return pool ? pgRunner(pool) : prismaRunner(db);
}

/** The rows of one statement. */
export function queryRows<T>(db: PrismaClient, sql: Prisma.Sql): Promise<T[]> {
  const pool = findClientPool(db);
  return pool ? pgRunner(pool).query<T>(sql) : db.$queryRaw<T[]>(sql);
}

/** The number of rows one statement changed. */
export function executeSql(db: PrismaClient, sql: Prisma.Sql): Promise<number> {
  const pool = findClientPool(db);
  return pool ? pgRunner(pool).execute(sql) : db.$executeRaw(sql);
}

/**
 * Runs `work` in one transaction on one connection: committed when it resolves, rolled
 * back when it throws (and the error rethrown). Without a known pool, Prisma's
 * interactive transaction with `prismaOptions`.
 */
export async function runInTransaction<T>(
  db: PrismaClient,
  work: (runner: SqlRunner) => Promise<T>,
  prismaOptions: { timeout: number; maxWait: number },
): Promise<T> {
  const pool = findClientPool(db);
  if (!pool) return db.$transaction((tx) => work(prismaRunner(tx)), prismaOptions);
  const client = await pool.connect();
  let isBroken = false;
  try {
    await client.query("BEGIN");
    const result = await work(pgRunner(client));
    await client.query("COMMIT");
    return result;
  } catch (error) {
    // A connection that cannot even roll back is not given back to the pool.
    await client.query("ROLLBACK").catch(() => {
      isBroken = true;
    });
    throw error;
  } finally {
    client.release(isBroken);
  }
}
