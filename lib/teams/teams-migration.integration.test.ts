/**
 * The migration that replaced User.teamId with memberships keeps existing data: every
 * user becomes the owner of the team they had, and their tokens belong to that team.
 * Applied to a database that holds rows made under the previous schema.
 */
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { readMigrations } from "@/lib/db/migrate";
import { createScratchDatabase } from "@/lib/test/database";

const MIGRATION = "teams_members_audit";
const drops: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(drops.map((drop) => drop()));
});

describe("the teams migration", () => {
  it("makes every existing user the owner of their team and moves their tokens into it", async () => {
    const db = await createScratchDatabase("teams_migration");
    drops.push(db.drop);
    const migrations = readMigrations();
    const index = migrations.findIndex((migration) => migration.name.endsWith(MIGRATION));
    expect(index).toBeGreaterThan(0);
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      for (const migration of migrations.slice(0, index)) await client.query(migration.sql);
      const team = (await client.query(`INSERT INTO "Team" (id, name) VALUES (gen_random_uuid(), 'Old team') RETURNING id`)).rows[0].id;
      const user = (await client.query(`INSERT INTO "User" (id, email, name, "passwordHash", "teamId") VALUES (gen_random_uuid(), 'old@example.test', 'Old', 'x', $1) RETURNING id`, [team])).rows[0].id;
      await client.query(`INSERT INTO "AccessToken" (id, "userId", name, "tokenHash", prefix) VALUES (gen_random_uuid(), $1, 'old token', 'hash', 'slw_abc')`, [user]);

      await client.query(migrations[index]!.sql);

      const memberships = await client.query(`SELECT "teamId", "userId", role FROM "Membership"`);
      expect(memberships.rows).toEqual([{ teamId: team, userId: user, role: "owner" }]);
      const tokens = await client.query(`SELECT "teamId", "userId" FROM "AccessToken"`);
      expect(tokens.rows).toEqual([{ teamId: team, userId: user }]);
      const columns = await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = 'User' AND column_name = 'teamId'`);
      expect(columns.rows).toEqual([]);
    } finally {
      await client.end();
    }
  });
});
