/**
 * The pull ledger's writer: one LicensePull row per manifest GET or HEAD served to a
 * license, written off the request path.
 *
 * Protocol: `record` only appends to a bounded in-memory queue (pull-ledger-queue.ts)
 * and arms a timer. Every `flushIntervalMs`, or as soon as `batchSize` rows wait, the
 * queue is written in batches, each one multi-row INSERT (unnest of column arrays) in a transaction
 * that first sets `lock_timeout`, so a locked or slow table makes the flush fail fast
 * instead of holding connections. A failed batch goes back to the front of the queue for
 * the next tick; the failure is logged and never reaches a pull. Flushes never overlap:
 * an explicit `flush()` waits for the one in progress and then writes what is left.
 * Rows of a customer deleted meanwhile (its application was deleted) are dropped, since
 * they would fail every retry. Rows older than the retention are deleted at most once per
 * `pruneIntervalMs` per instance, in bounded batches; the DELETE is idempotent, so any
 * number of instances may prune at once.
 */
import { Prisma, type PrismaClient } from "@/lib/db/client";
import type { LicensePullEvent } from "@/lib/registry/http/context";
import { BoundedQueue } from "./pull-ledger-queue";
import { computePullRetentionCutoff, DEFAULT_PULL_RETENTION_DAYS } from "./pull-ledger-retention";

export interface PullLedgerLogger {
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface PullLedgerOptions {
  prisma: PrismaClient;
  logger?: PullLedgerLogger;
  /** How long a row may wait before it is written (default 1 s). */
  flushIntervalMs?: number;
  /** Rows per INSERT; this many waiting rows also start a flush at once (default 2,000). */
  batchSize?: number;
  /** Rows kept waiting at most; past it the oldest are dropped with a warning (default 10,000). */
  maxQueuedRows?: number;
  /** `lock_timeout` of each write (default 2 s). */
  lockTimeoutMs?: number;
  /** Rows older than this many days are pruned (default 90). */
  retentionDays?: number;
  /** How often this instance prunes (default hourly); 0 turns background pruning off. */
  pruneIntervalMs?: number;
}

export interface PullLedger {
  /** Queues one pull; returns at once and never throws for a database problem. */
  record(event: LicensePullEvent): void;
  /** Writes every row queued so far; resolves with how many were written (failures are logged, never thrown). */
  flush(): Promise<number>;
  /** Deletes rows older than the retention at `now`; resolves with how many. */
  prune(now?: Date): Promise<number>;
  /** Stops the timers and writes what is queued (shutdown). Later records are dropped. */
  close(): Promise<void>;
  /** Rows waiting to be written. */
  readonly queuedRows: number;
}

const PRUNE_BATCH_ROWS = 10_000;
const SILENT: PullLedgerLogger = { warn: () => undefined, error: () => undefined };

/** A row names a customer or application deleted since it was queued (PostgreSQL 23503). */
function isForeignKeyViolation(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  return error.code === "P2003" || /\b23503\b|foreign key/i.test(`${error.message} ${JSON.stringify(error.meta ?? {})}`);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Creates the ledger writer for one process (scripts/lib/mount-registry.ts makes the server's). */
export function createPullLedger(options: PullLedgerOptions): PullLedger {
  const { prisma } = options;
  const logger = options.logger ?? SILENT;
  const flushIntervalMs = options.flushIntervalMs ?? 1000;
  const batchSize = options.batchSize ?? 2000;
  const lockTimeoutMs = Math.max(1, Math.floor(options.lockTimeoutMs ?? 2000));
  const retentionDays = options.retentionDays ?? DEFAULT_PULL_RETENTION_DAYS;
  const pruneIntervalMs = options.pruneIntervalMs ?? 60 * 60 * 1000;
  const queue = new BoundedQueue<LicensePullEvent>(options.maxQueuedRows ?? 10_000);
  let timer: NodeJS.Timeout | null = null;
  let isFlushing = false;
  let isClosed = false;
  let chain: Promise<unknown> = Promise.resolve();
  let lastPruneAt = 0;

  /**
   * Runs one statement in a transaction whose lock waits end after lockTimeoutMs. The batch
   * form sends the statements at once (no round trip back to JavaScript in between). The
   * commit does not wait for its WAL flush (synchronous_commit off, this transaction only):
   * a database crash may lose the last fraction of a second of ledger rows, which the
   * in-memory queue could lose to a process crash anyway, and pulls stop sharing the disk's
   * flush latency with the ledger.
   */
  async function withLockTimeout(statement: Prisma.PrismaPromise<number>): Promise<number> {
    // SET takes no bind parameters; the value is an integer computed above.
    const [, , count] = await prisma.$transaction([
      prisma.$executeRawUnsafe(`SET LOCAL lock_timeout = ${lockTimeoutMs}`),
      prisma.$executeRawUnsafe("SET LOCAL synchronous_commit = off"),
      statement,
    ]);
    return count;
  }

  /** The rows whose customer still exists (the others would fail every retry). */
  async function dropOrphans(batch: LicensePullEvent[]): Promise<LicensePullEvent[]> {
    const ids = [...new Set(batch.map((row) => row.customerId))];
    const existing = new Set((await prisma.customer.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((row) => row.id));
    const kept = batch.filter((row) => existing.has(row.customerId));
    if (kept.length < batch.length) logger.warn("pull ledger: dropped rows of deleted customers", { rows: batch.length - kept.length });
    return kept;
  }

  /**
   * One multi-row INSERT with one array parameter per column. Prisma's createMany spent
   * 0.3-0.4 ms of this process's CPU per row (a 300-row batch took 126 ms), CPU the pulls
   * need; unnest over nine arrays costs a few milliseconds per thousand rows.
   */
  async function writeBatch(batch: LicensePullEvent[]): Promise<void> {
    const column = (key: Exclude<keyof LicensePullEvent, "pulledAt">) => batch.map((row) => row[key]);
    // ISO text cast to timestamp: the zone is dropped, leaving UTC as Prisma stores it.
    const pulledAt = batch.map((row) => row.pulledAt.toISOString());
    await withLockTimeout(prisma.$executeRaw`
      INSERT INTO "LicensePull" ("customerId", "appId", repository, reference, digest, method, "clientAddress", "userAgent", "pulledAt")
      SELECT * FROM unnest(${column("customerId")}::uuid[], ${column("appId")}::uuid[], ${column("repository")}::text[], ${column("reference")}::text[],
        ${column("digest")}::text[], ${column("method")}::text[], ${column("clientAddress")}::text[], ${column("userAgent")}::text[],
        ${pulledAt}::timestamp(3)[])`);
  }

  async function writeQueued(): Promise<number> {
    isFlushing = true;
    let written = 0;
    try {
      const dropped = queue.takeDroppedCount();
      if (dropped > 0) logger.warn("pull ledger: queue full, dropped the oldest rows", { rows: dropped });
      let pending = queue.size;
      while (pending > 0) {
        let batch = queue.take(Math.min(batchSize, pending));
        pending -= batch.length;
        try {
          await writeBatch(batch).catch(async (error: unknown) => {
            if (!isForeignKeyViolation(error)) throw error;
            batch = await dropOrphans(batch);
            if (batch.length > 0) await writeBatch(batch);
          });
          written += batch.length;
        } catch (error) {
          queue.putBack(batch);
          logger.error("pull ledger: writing pulls failed; they stay queued for the next flush", { rows: batch.length, queued: queue.size, error: describeError(error) });
          break;
        }
      }
    } finally {
      isFlushing = false;
    }
    pruneIfDue();
    if (queue.size > 0) arm();
    return written;
  }

  function flush(): Promise<number> {
    const run = chain.then(writeQueued);
    chain = run.catch(() => undefined);
    return run;
  }

  function arm(): void {
    if (timer || isClosed) return;
    timer = setTimeout(() => {
      timer = null;
      if (!isFlushing) flush().catch(() => undefined);
    }, flushIntervalMs);
    timer.unref();
  }

  async function prune(now = new Date()): Promise<number> {
    // Written as the rows are (ISO text, zone dropped), so both sides are UTC.
    const cutoff = computePullRetentionCutoff(now, retentionDays);
    let deleted = 0;
    for (;;) {
      const count = await withLockTimeout(prisma.$executeRaw`DELETE FROM "LicensePull" WHERE id IN (
        SELECT id FROM "LicensePull" WHERE "pulledAt" < ${cutoff.toISOString()}::timestamp(3) ORDER BY "pulledAt" LIMIT ${PRUNE_BATCH_ROWS}::int)`);
      deleted += count;
      if (count < PRUNE_BATCH_ROWS) return deleted;
    }
  }

  function pruneIfDue(): void {
    // Not while shutting down: the database stops right after the last flush.
    if (isClosed || pruneIntervalMs <= 0 || Date.now() - lastPruneAt < pruneIntervalMs) return;
    lastPruneAt = Date.now();
    prune().catch((error: unknown) => logger.warn("pull ledger: pruning old pulls failed; the next hour tries again", { error: describeError(error) }));
  }

  // Idle instances prune too, so the retention holds even when nobody pulls.
  const pruneTimer = pruneIntervalMs > 0 ? setInterval(pruneIfDue, pruneIntervalMs) : null;
  pruneTimer?.unref();

  return {
    record(event) {
      if (isClosed) return;
      queue.push(event);
      if (queue.size >= batchSize && !isFlushing) flush().catch(() => undefined);
      else arm();
    },
    flush,
    prune,
    async close() {
      isClosed = true;
      if (timer) clearTimeout(timer);
      if (pruneTimer) clearInterval(pruneTimer);
      await flush();
    },
    get queuedRows() {
      return queue.size;
    },
  };
}
