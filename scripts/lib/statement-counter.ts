/**
 * Counts the SQL statements (BEGIN and COMMIT included) each kind of registry request
 * sends, for the registry benchmark's child (BENCH_COUNT_STATEMENTS=1): every statement
 * Prisma's adapter or the change feed issues goes through pg.Client#query, and the
 * request it serves is found through AsyncLocalStorage. Printed on stderr at exit; with
 * `withText`, each kind's statements are listed too (the start of their SQL, with counts),
 * to tell which question a request asks that it need not.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingMessage } from "node:http";
import pg from "pg";

const current = new AsyncLocalStorage<string>();
const statements = new Map<string, number>();
const requests = new Map<string, number>();
const texts = new Map<string, Map<string, number>>();

/** The start of a statement's SQL, whitespace folded: pg.Client#query takes a string or a config with `text`. */
function statementText(args: unknown[]): string {
  const first = args[0];
  const text = typeof first === "string" ? first : typeof first === "object" && first !== null && "text" in first ? String((first as { text: unknown }).text) : "?";
  return text.replace(/\s+/g, " ").trim().slice(0, 160);
}

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
export function installStatementCounter(options: { withText?: boolean } = {}): <T>(req: IncomingMessage, run: () => T) => T {
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const kind = current.getStore() ?? "outside a request";
    statements.set(kind, (statements.get(kind) ?? 0) + 1);
    if (options.withText) {
      const byText = texts.get(kind) ?? new Map<string, number>();
      const text = statementText(args);
      byText.set(text, (byText.get(text) ?? 0) + 1);
      texts.set(kind, byText);
    }
    return original.apply(this, args);
  } as typeof pg.Client.prototype.query;
  process.once("exit", () => {
    const lines = [...statements].sort().map(([kind, count]) => {
      const line = `${kind}: ${count} statements / ${requests.get(kind) ?? 0} requests = ${(count / (requests.get(kind) || 1)).toFixed(2)}`;
      const byText = [...(texts.get(kind) ?? [])].sort((a, b) => b[1] - a[1]);
      return [line, ...byText.map(([text, times]) => `    ${times} × ${text}`)].join("\n  ");
    });
    process.stderr.write(`statements per request kind:\n  ${lines.join("\n  ")}\n`);
  });
  return (req, run) => {
    const kind = classify(req);
    requests.set(kind, (requests.get(kind) ?? 0) + 1);
    return current.run(kind, run);
  };
}
