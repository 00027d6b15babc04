/**
 * Whether an error means the database cannot be reached right now (stopped, restarting,
 * connections cut) rather than that a query is wrong. Such failures answer 503
 * "database unavailable, try again" on every surface, never the driver's own text.
 * Looks through `cause` chains: Prisma wraps the driver adapter's error, which wraps pg's.
 */
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE",
  // PostgreSQL: admin/crash shutdown, cannot connect now, connection failures.
  "57P01", "57P02", "57P03", "08000", "08001", "08003", "08004", "08006",
  // Prisma: cannot reach the server, closed connection, pool timeout.
  "P1001", "P1002", "P1017", "P2024",
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGE = /Connection terminated|ECONNREFUSED|Can't reach database server|terminating connection due to|the database system is (starting up|shutting down|in recovery)|Timed out fetching a new connection|Client has encountered a connection error|Connection closed/i;

/** The message users see instead of the driver's. */
export const DATABASE_UNAVAILABLE_MESSAGE = "The database is unavailable at the moment; try again in a few seconds.";

/** True when `error` (or anything in its cause chain) is a lost or refused database connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error;
  for (let depth = 0; depth < 6 && current && typeof current === "object"; depth++) {
    const candidate = current as { code?: unknown; kind?: unknown; name?: unknown; message?: unknown; cause?: unknown; originalCode?: unknown };
    if (typeof candidate.code === "string" && UNAVAILABLE_CODES.has(candidate.code)) return true;
    if (typeof candidate.originalCode === "string" && UNAVAILABLE_CODES.has(candidate.originalCode)) return true;
    if (typeof candidate.kind === "string" && UNAVAILABLE_KINDS.has(candidate.kind)) return true;
    if (candidate.name === "PrismaClientInitializationError") return true;
    if (typeof candidate.message === "string" && UNAVAILABLE_MESSAGE.test(candidate.message)) return true;
    current = candidate.cause;
  }
  return false;
}
