// Test helper run as its own process: starts and stops a throwaway embedded PostgreSQL,
// then ends with exit code 3 by letting the event loop drain, as a failed Vitest run does.
import { startTemporaryPostgres } from "../embedded-postgres";

async function main(): Promise<void> {
  const postgres = await startTemporaryPostgres();
  await postgres.stop();
  process.exitCode = 3;
}

void main();
