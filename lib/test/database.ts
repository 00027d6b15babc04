/**
 * Helpers for integration tests (`*.integration.test.ts`). The integration project's
 * global setup (lib/test/global-setup.ts) has started a real PostgreSQL with all
 * migrations applied; `testDatabaseUrl()` gives its URL and `testPrisma()` a client.
 * Tests isolate themselves by creating their own teams/users with unique names
 * (`uniqueSuffix()`), so files can share one database without resets.
 */
import { randomBytes } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { createPrismaClient, type PrismaClient } from "../db/client";
import { assertLocalDatabaseUrl } from "../db/local-database-url";

let client: PrismaClient | undefined;

export function testDatabaseUrl(): string {
  const url = inject("databaseUrl");
  assertLocalDatabaseUrl(url);
  process.env.DATABASE_URL = url;
  return url;
}

/** A Prisma client on the test database (the same one `@/lib/db/client`'s `prisma` uses). */
export function testPrisma(): PrismaClient {
  client ??= createPrismaClient(testDatabaseUrl());
  return client;
}

/** A short random suffix for unique e-mails, slugs and team names. */
export function uniqueSuffix(): string {
  return randomBytes(4).toString("hex");
}

/** Creates an empty database on the test server and returns its URL and a way to drop it. */
export async function createScratchDatabase(prefix: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = testDatabaseUrl();
  const name = `${prefix}_${uniqueSuffix()}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: base });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await dropper.end();
    },
  };
}
