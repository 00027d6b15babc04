/**
 * Tests and benchmarks may only talk to a database on this machine: refuse any
 * DATABASE_URL whose host is not loopback, before a single query is sent.
 */
export function assertLocalDatabaseUrl(url: string): void {
  let host: string;
  try {
    host = new URL(url).hostname;
  } catch {
    throw new Error("DATABASE_URL is not a valid URL.");
  }
  const isLoopback = host === "localhost" || host === "::1" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "";
  if (!isLoopback) {
    throw new Error(`Refusing to run tests against DATABASE_URL host "${host}": tests only use a database on this machine (127.0.0.1, ::1 or localhost).`);
  }
}
