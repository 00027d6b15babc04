import { defineConfig } from "prisma/config";

// The datasource URL is only needed by CLI commands that talk to a database; the
// application connects through lib/db/client.ts with the pg adapter.
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost/slipway" },
});
