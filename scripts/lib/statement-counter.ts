/**
 * Counts the SQL statements (BEGIN and COMMIT included) each kind of registry request
 * sends, for the registry benchmark's child (BENCH_COUNT_STATEMENTS=1): every statement
 * Prisma's adapter or the change feed issues goes through pg.Client#query, and the
 * request it serves is found through AsyncLocalStorage. Printed on stderr at exit.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import pg from "pg";

const current = new AsyncLocalStorage<string>();
const statements = new Map<string, number>();
const requests = new Map<string, number>();

/** The request's kind: method and resource (token, blob, upload, manifest). */
function classify(req: IncomingMessage): string {
  const path = (req.url ?? "").split("?")[0]!;
  const resource = path.startsWith("/v2/token")
    ? "token"
    : /\/blobs\/uploads\//.test(path)
      ? "upload"
      : /\/blobs\//.test(path)
        ? "blob"
        : /\/manifests\//.test(path)
          ? "manifest"
          : "other";
  return `${req.method} ${resource}`;
}

/** Patches pg.Client#query to count statements per request kind; prints the averages when the process exits. */
export function installStatementCounter(): <T>(req: IncomingMessage, run: () => T) => T {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const kind = current.getStore() ?? "outside a request";
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
  process.once("exit", () => {
    const lines = [...statements].sort().map(([kind, count]) => `${kind}: ${count} statements / ${requests.get(kind) ?? 0} requests = ${(count / (requests.get(kind) || 1)).toFixed(2)}`);
    process.stderr.write(`statements per request kind:\n  ${lines.join("\n  ")}\n`);
  });
  return (req, run) => {
    const kind = classify(req);
    requests.set(kind, (requests.get(kind) ?? 0) + 1);
    return current.run(kind, run);
  };
}
