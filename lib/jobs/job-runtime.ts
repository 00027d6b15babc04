/**
 * The background-job runtime: pg-boss on the application's PostgreSQL (its own schema,
 * `pgboss`, which pg-boss creates and migrates itself under an advisory lock).
 *
 * Protocol, and why no job is lost:
 * - `enqueueJob` inserts the job row in PostgreSQL before it returns; nothing lives only in
 *   a server's memory. Any instance running `startJobs` fetches it (SKIP LOCKED, so one
 *   instance per job) within the polling interval, at once when it was enqueued here.
 * - A handler that throws fails the run; pg-boss schedules a retry (retryLimit, retryDelay).
 * - A server that stops aborts its handlers' `signal` and waits for them; their runs fail
 *   and are retried by whichever instance polls next.
 * - A server that dies (SIGKILL, power) leaves its runs "active"; after the definition's
 *   `expireInSeconds` any instance's maintenance fails them and they are retried.
 * One runtime per process lives on globalThis, because Next.js route bundles and the start
 * script load this module separately but must share the one started in scripts/start.ts.
 */
import PgBoss from "pg-boss";
import { getLogger } from "@/lib/observability/logger";
import { getConfig } from "@/lib/config";
import { queueOptionsOf, type JobDefinition, type JobKind } from "./job-definition";

export interface StartJobsOptions {
  connectionString: string;
  jobs: JobDefinition[];
  log?: (message: string) => void;
  /** Seconds between polls for new jobs per queue (default 2). */
  pollingIntervalSeconds?: number;
  /** Seconds between maintenance runs (expiry of crashed runs, archiving); default 60. */
  maintenanceIntervalSeconds?: number;
}

interface Runtime {
  boss: PgBoss;
  isWorking: boolean;
  definitions: Map<string, JobDefinition>;
  workerIds: Map<string, string[]>;
  readyQueues: Set<string>;
  running: Set<AbortController>;
  log: (message: string) => void;
}

const globalForJobs = globalThis as unknown as { slipwayJobs?: Runtime; slipwayJobsStarting?: Promise<Runtime> };

const PGBOSS_SCHEMA = "pgboss";

function createBoss(connectionString: string, options: Partial<PgBoss.ConstructorOptions>, log: (m: string) => void): PgBoss {
  const boss = new PgBoss({
    connectionString,
    schema: PGBOSS_SCHEMA,
    application_name: "slipway-jobs",
    max: 4,
    ...options,
  });
  // Without a listener an "error" event would throw and end the process.
  boss.on("error", (error) => log(`background jobs: ${error.message}`));
  return boss;
}

/**
 * Starts the workers for `jobs` in this process (and their schedules), after installing or
 * upgrading pg-boss's schema. Call once at server start; `stopJobs` at shutdown.
 */
export async function startJobs(options: StartJobsOptions): Promise<void> {
  if (globalForJobs.slipwayJobs?.isWorking) throw new Error("background jobs are already running in this process");
  const log = options.log ?? (() => {});
  const boss = createBoss(
    options.connectionString,
    { maintenanceIntervalSeconds: options.maintenanceIntervalSeconds ?? 60, supervise: true, schedule: true },
    log,
  );
  await boss.start();
  const runtime: Runtime = {
    boss,
    isWorking: true,
    definitions: new Map(options.jobs.map((job) => [job.name, job])),
    workerIds: new Map(),
    readyQueues: new Set(),
    running: new Set(),
    log,
  };
  const sender = globalForJobs.slipwayJobs;
  globalForJobs.slipwayJobs = runtime;
  if (sender) await sender.boss.stop({ graceful: false }).catch(() => {});

  for (const definition of options.jobs) {
    await ensureQueue(runtime, definition);
    const ids: string[] = [];
    for (let i = 0; i < (definition.concurrency ?? 1); i++) {
      ids.push(
        await boss.work<object>(
          definition.name,
          { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollingIntervalSeconds ?? 2 },
          ([job]) => runHandler(runtime, definition, job),
        ),
      );
    }
    runtime.workerIds.set(definition.name, ids);
    if (definition.schedule) await boss.schedule(definition.name, definition.schedule.cron, definition.schedule.data ?? {}, { tz: "UTC" });
    else await boss.unschedule(definition.name);
  }
  log(`background jobs: ${options.jobs.length ? options.jobs.map((job) => job.name).join(", ") : "no job kinds"} (pg-boss)`);
}

async function runHandler(runtime: Runtime, definition: JobDefinition, job: PgBoss.JobWithMetadata<object>): Promise<void> {
  const controller = new AbortController();
  runtime.running.add(controller);
  const prefix = `job ${definition.name} ${job.id}`;
  try {
    await definition.handler(job.data, {
      jobId: job.id,
      retryCount: job.retryCount,
      signal: controller.signal,
      log: (message) => runtime.log(`${prefix}: ${message}`),
    });
  } catch (error) {
    runtime.log(`${prefix} failed (try ${job.retryCount + 1} of ${job.retryLimit + 1}): ${error instanceof Error ? error.message : String(error)}`);
    throw error;
  } finally {
    runtime.running.delete(controller);
  }
}

async function ensureQueue(runtime: Runtime, definition: JobKind): Promise<void> {
  if (runtime.readyQueues.has(definition.name)) return;
  const queue = { name: definition.name, policy: "standard" as const, ...queueOptionsOf(definition) };
  await runtime.boss.createQueue(definition.name, queue);
  await runtime.boss.updateQueue(definition.name, queue);
  runtime.readyQueues.add(definition.name);
}

/** The runtime of this process: the started one, else a send-only one (no workers) made on first use. */
async function getRuntime(): Promise<Runtime> {
  if (globalForJobs.slipwayJobs) return globalForJobs.slipwayJobs;
  globalForJobs.slipwayJobsStarting ??= (async () => {
    const url = getConfig().DATABASE_URL;
    if (!url) throw new Error("DATABASE_URL is not set; background jobs need the database");
    const log = (message: string) => getLogger("jobs").warn(message);
    const boss = createBoss(url, { supervise: false, schedule: false }, log);
    await boss.start();
    const runtime: Runtime = { boss, isWorking: false, definitions: new Map(), workerIds: new Map(), readyQueues: new Set(), running: new Set(), log };
    globalForJobs.slipwayJobs ??= runtime;
    return globalForJobs.slipwayJobs;
  })().finally(() => {
    globalForJobs.slipwayJobsStarting = undefined;
  });
  return globalForJobs.slipwayJobsStarting;
}

export interface EnqueueOptions {
  /** Seconds to wait before the job may start. */
  startAfterSeconds?: number;
}

/**
 * Stores a job for `definition` with `data` (JSON); some instance runs it soon. Returns the
 * job id. The row is committed before this returns, so a crash right after loses nothing.
 */
export async function enqueueJob<Data extends object>(definition: JobKind<Data>, data: Data, options: EnqueueOptions = {}): Promise<string> {
  const runtime = await getRuntime();
  await ensureQueue(runtime, definition as JobKind);
  const id = await runtime.boss.send(definition.name, data, {
    ...queueOptionsOf(definition as JobKind),
    ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
  });
  if (!id) throw new Error(`job ${definition.name} was not stored`);
  // A worker of this process need not wait for its next poll.
  if (!options.startAfterSeconds) for (const workerId of runtime.workerIds.get(definition.name) ?? []) runtime.boss.notifyWorker(workerId);
  return id;
}

/** Sets (or replaces) the recurring schedule of a job kind: `cron` in UTC, checked about every 30 s by any instance. */
export async function scheduleJob<Data extends object>(definition: JobKind<Data>, cron: string, data?: Data): Promise<void> {
  const runtime = await getRuntime();
  await ensureQueue(runtime, definition as JobKind);
  await runtime.boss.schedule(definition.name, cron, data ?? {}, { tz: "UTC" });
}

export type JobState = "created" | "retry" | "active" | "completed" | "cancelled" | "failed";

/** The state of one job (null when unknown or archived). For tests and diagnostics. */
export async function getJobState(definition: JobKind, jobId: string): Promise<JobState | null> {
  const runtime = await getRuntime();
  const job = await runtime.boss.getJobById(definition.name, jobId, { includeArchive: true });
  return job?.state ?? null;
}

/**
 * Stops this process's workers: aborts running handlers (their runs fail and are retried
 * elsewhere or at the next start), waits up to `timeoutMs` for them, and closes the pool.
 */
export async function stopJobs(options: { timeoutMs?: number } = {}): Promise<void> {
  const runtime = globalForJobs.slipwayJobs;
  if (!runtime) return;
  globalForJobs.slipwayJobs = undefined;
  for (const controller of runtime.running) controller.abort(new Error("the server is stopping"));
  await runtime.boss.stop({ graceful: true, wait: true, timeout: options.timeoutMs ?? 10_000 });
}
