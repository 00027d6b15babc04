// `npm run db:migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
// from the change between prisma/migrated-schema.prisma (the schema as of the last
// migration) and prisma/schema.prisma, then records the new state there.
// Prisma's engine needs a live server for this (it only asks its version): DATABASE_URL
// when set, otherwise a throwaway embedded one.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig } from "../lib/config";
import { startTemporaryPostgres } from "../lib/db/embedded-postgres";
import { MIGRATIONS_DIR } from "../lib/db/migrate";
import { diffDatamodels } from "../lib/db/schema-engine";

const SCHEMA = path.resolve("prisma", "schema.prisma");
const MIGRATED_SCHEMA = path.resolve("prisma", "migrated-schema.prisma");

function timestamp(): string {
  return new Date().toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

async function main() {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    console.error("Usage: npm run db:migration -- <name>   (lowercase letters, digits and underscores)");
    process.exit(2);
  }
  const from = existsSync(MIGRATED_SCHEMA) ? readFileSync(MIGRATED_SCHEMA, "utf8") : null;
  const to = readFileSync(SCHEMA, "utf8");

  let stop = async () => {};
  let url = getConfig().DATABASE_URL;
  if (!url) {
    const postgres = await startTemporaryPostgres();
    url = postgres.connectionString;
    stop = postgres.stop;
  }
  try {
    const sql = await diffDatamodels(from, to, url);
    if (!sql.trim() || /^-- This is an empty migration/.test(sql.trim())) {
      console.log("schema.prisma has no changes since the last migration; nothing written.");
      return;
    }
    const folder = path.join(MIGRATIONS_DIR, `${timestamp()}_${name}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, "migration.sql"), sql);
    writeFileSync(path.join(MIGRATIONS_DIR, "migration_lock.toml"), 'provider = "postgresql"\n');
    writeFileSync(MIGRATED_SCHEMA, to);
    console.log(`wrote ${path.relative(process.cwd(), folder)}/migration.sql`);
  } finally {
    await stop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
