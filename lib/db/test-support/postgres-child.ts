// Test helper run as its own process (`node --import tsx <this> <dataDir>`): starts the
// embedded PostgreSQL in <dataDir>, prints "READY <server pid> <connection string>" and
// waits to be killed, as a portal that dies with `kill -9` would.
import { readPostmasterPid } from "../postmaster";
import { startEmbeddedPostgres } from "../embedded-postgres";

async function main(): Promise<void> {
  const dataDir = process.argv[2]!;
  const postgres = await startEmbeddedPostgres(dataDir);
  console.log(`READY ${readPostmasterPid(dataDir)} ${postgres.connectionString}`);
  setInterval(() => undefined, 60_000);
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
