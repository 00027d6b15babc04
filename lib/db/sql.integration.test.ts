/**
 * The hot path's statements sent straight to pg (lib/db/sql.ts) read and write what
 * Prisma's $queryRaw does: int8 as bigint, a `timestamp` as the same UTC instant, and a
 * Date parameter stored so that a later comparison through either path matches exactly
 * (the upload claim's compare-and-set depends on it). WITHOUT_COMMIT_WAIT relaxes only
 * the commit of the statement it is in.
 */
import pg from "pg";
import { afterAll, describe, expect, it, onTestFinished, vi } from "vitest";
import { Prisma, findClientPool } from "@/lib/db/client";
import { testDatabaseUrl, testPrisma } from "@/lib/test/database";
import { WITHOUT_COMMIT_WAIT, executeSql, queryRows, runInTransaction } from "@/lib/db/sql";

const db = testPrisma();
const table = `sql_types_${process.pid}`;

afterAll(async () => {
  await db.$executeRawUnsafe(`DROP TABLE IF EXISTS "${table}"`);
});

describe("statements through the client's pg pool", () => {
  it("uses the pool the client was made on", () => {
    expect(findClientPool(db)).not.toBeNull();
  });

  it("reads int8 and timestamp as $queryRaw does, and a Date written by one path compares equal through the other", async () => {
    // Away from UTC, where pg's own Date handling (local time) would shift the instant.
    const zone = process.env.TZ;
    process.env.TZ = "America/New_York";
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });
    await db.$executeRawUnsafe(`CREATE TABLE "${table}" (id int PRIMARY KEY, big bigint, at timestamp(3))`);
    const at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 678));
    const name = Prisma.raw(`"${table}"`);
    expect(await executeSql(db, Prisma.sql`INSERT INTO ${name} (id, big, at) VALUES (1, ${2n ** 40n}, ${at})`)).toBe(1);
    await db.$executeRaw`INSERT INTO ${name} (id, big, at) VALUES (2, ${-5}, ${at})`;
    const select = Prisma.sql`SELECT id, big, at, at = ${at} AS "isSame" FROM ${name} ORDER BY id`;
    const viaPg = await queryRows<{ id: number; big: bigint; at: Date; isSame: boolean }>(db, select);
    const viaPrisma = await db.$queryRaw<{ id: number; big: bigint; at: Date; isSame: boolean }[]>(select);
    expect(viaPg).toEqual(viaPrisma);
    expect(viaPg).toEqual([
      { id: 1, big: 2n ** 40n, at, isSame: true },
      { id: 2, big: -5n, at, isSame: true },
    ]);
  });

  it("commits a transaction that resolves and rolls back one that throws", async () => {
    const name = Prisma.raw(`"${table}"`);
    await runInTransaction(db, (tx) => tx.execute(Prisma.sql`INSERT INTO ${name} (id) VALUES (3)`), { timeout: 5000, maxWait: 5000 });
    const failing = runInTransaction(
      db,
      async (tx) => {
        await tx.execute(Prisma.sql`INSERT INTO ${name} (id) VALUES (4)`);
        throw new Error("refused");
      },
      { timeout: 5000, maxWait: 5000 },
    );
    await expect(failing).rejects.toThrow("refused");
    const ids = await queryRows<{ id: number }>(db, Prisma.sql`SELECT id FROM ${name} WHERE id IN (3, 4) ORDER BY id`);
    expect(ids).toEqual([{ id: 3 }]);
  });

  it("commits a statement with WITHOUT_COMMIT_WAIT without waiting for the WAL flush, and the next one waits again", async () => {
    const client = new pg.Client({ connectionString: testDatabaseUrl() });
    await client.connect();
    onTestFinished(() => client.end());
    const name = Prisma.raw(`"${table}"`);
    const relaxed = Prisma.sql`INSERT INTO ${name} (id) SELECT 5 FROM ${WITHOUT_COMMIT_WAIT} RETURNING current_setting('synchronous_commit') AS setting`;
    expect((await client.query(relaxed.text, relaxed.values)).rows).toEqual([{ setting: "off" }]);
    const plain = Prisma.sql`INSERT INTO ${name} (id) VALUES (6) RETURNING current_setting('synchronous_commit') AS setting`;
    expect((await client.query(plain.text, plain.values)).rows).toEqual([{ setting: "on" }]);
    expect((await client.query("SHOW synchronous_commit")).rows).toEqual([{ synchronous_commit: "on" }]);
    const ids = await queryRows<{ id: number }>(db, Prisma.sql`SELECT id FROM ${name} WHERE id IN (5, 6) ORDER BY id`);
    expect(ids).toEqual([{ id: 5 }, { id: 6 }]);
  });
});

describe("several copies of this module on the one shared pool", () => {
  it("name each text alike, so a connection never sees one name for two texts", async () => {
    // As the production build has them: each server chunk bundles its own copy of lib/db.
    const loadCopy = async () => {
      vi.resetModules();
      const [client, sql] = await Promise.all([import("@/lib/db/client"), import("@/lib/db/sql")]);
      return { prisma: client.prisma, queryRows: sql.queryRows, findPool: () => client.findClientPool(client.prisma) };
    };
    const first = await loadCopy();
    const second = await loadCopy();
    expect(first.queryRows).not.toBe(second.queryRows);
    expect(first.findPool()).toBe(second.findPool());
    for (let round = 0; round < 3; round += 1) {
      expect(await first.queryRows(first.prisma, Prisma.sql`SELECT ${round}::int AS "fromFirst"`)).toEqual([{ fromFirst: round }]);
      expect(await second.queryRows(second.prisma, Prisma.sql`SELECT ${round}::text AS "fromSecond"`)).toEqual([{ fromSecond: String(round) }]);
    }
  });
});
