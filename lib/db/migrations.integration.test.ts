import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { createScratchDatabase, testDatabaseUrl } from "../test/database";
import { applyMigrations, readMigrations } from "./migrate";
import { diffDatamodels } from "./schema-engine";

const scratch: { drop: () => Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(scratch.map((db) => db.drop()));
});

async function newDatabase(prefix: string) {
  const db = await createScratchDatabase(prefix);
  scratch.push(db);
  return db.url;
}

/** Columns, indexes and constraints of the public schema, without the migrations table. */
async function describeSchema(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const queries = [
      `SELECT table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' || coalesce(column_default, '') AS line
         FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`,
      `SELECT indexdef AS line FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      `SELECT conrelid::regclass::text || ' ' || conname || ' ' || pg_get_constraintdef(oid) AS line
         FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> '_prisma_migrations'`,
    ];
    const lines: string[] = [];
    for (const query of queries) lines.push(...(await client.query<{ line: string }>(query)).rows.map((row) => row.line));
    return lines.sort();
  } finally {
    await client.end();
  }
}

describe("migrations", () => {
  it("build exactly the schema that schema.prisma describes (drift check)", async () => {
    const fromMigrations = await newDatabase("drift_migrations");
    await applyMigrations(fromMigrations);

    const fromSchema = await newDatabase("drift_schema");
    const schema = readFileSync(path.resolve("prisma", "schema.prisma"), "utf8");
    const client = new pg.Client({ connectionString: fromSchema });
    await client.connect();
    await client.query(await diffDatamodels(null, schema, testDatabaseUrl()));
    await client.end();

    const expected = await describeSchema(fromSchema);
    expect(expected.length).toBeGreaterThan(50);
    expect(await describeSchema(fromMigrations)).toEqual(expected);
  });

  it("record the schema they were generated from, so the next migration diffs from the right state", async () => {
    const migrated = readFileSync(path.resolve("prisma", "migrated-schema.prisma"), "utf8");
    const schema = readFileSync(path.resolve("prisma", "schema.prisma"), "utf8");
    const pending = await diffDatamodels(migrated, schema, testDatabaseUrl());
    expect(pending.replace(/^--.*$/gm, "").trim(), "schema.prisma changed without `npm run db:migration -- <name>`").toBe("");
  });

  it("are a no-op when applied twice", async () => {
    const url = await newDatabase("twice");
    const first = await applyMigrations(url);
    expect(first).toEqual(readMigrations().map((m) => m.name));
    expect(await applyMigrations(url)).toEqual([]);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM "_prisma_migrations"`);
    await client.end();
    expect(rows[0].n).toBe(first.length);
  });

  it("are applied once when two instances start together", async () => {
    const url = await newDatabase("together");
    const [a, b] = await Promise.all([applyMigrations(url), applyMigrations(url)]);
    expect([...a, ...b].sort()).toEqual(readMigrations().map((m) => m.name).sort());
  });
});
