/**
 * What a background job is: a name (its queue), a handler, and how it is retried. Domains
 * define their jobs next to their logic (`defineJob({...})` in lib/<domain>/) and the server
 * start registers them with `startJobs({jobs: [...]})`; any process can enqueue them.
 */
export interface JobContext {
  /** The queue library's id of this job (stable across its retries). */
  jobId: string;
  /** How many times this job has already been tried and failed (0 on the first run). */
  retryCount: number;
  /** Aborted when this server stops: give up promptly; the job runs again on a retry. */
  signal: AbortSignal;
  log: (message: string) => void;
}

/**
 * A job kind without its handler: all `enqueueJob` needs, so a route can enqueue work
 * whose handler (and its dependencies) only the server's workers load.
 */
export interface JobKind<Data extends object = object> {
  /** The queue name: lower-case words joined by dashes, e.g. `airgap-build`. */
  name: string;
  /** Tries after the first failure (default 2). A crash or a server stop counts as a failure. */
  retryLimit?: number;
  /** Seconds before a retry (default 10). */
  retryDelaySeconds?: number;
  /**
   * How long one run may take before it is treated as crashed (default 15 minutes). A server
   * that dies mid-job leaves it active; once this has passed, maintenance fails it and it is
   * retried by any instance. Set it well above the longest honest run.
   */
  expireInSeconds?: number;
  /** Only for typing: the data this kind takes. */
  readonly __data?: Data;
}

export interface JobDefinition<Data extends object = object> extends JobKind<Data> {
  handler(data: Data, context: JobContext): Promise<void>;
  /** Runs at once per server (default 1). */
  concurrency?: number;
  /** Recurring runs: a five-field cron expression (UTC) and the data each run gets. */
  schedule?: { cron: string; data?: Data };
}

export const JOB_NAME_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
export const DEFAULT_RETRY_LIMIT = 2;
export const DEFAULT_RETRY_DELAY_SECONDS = 10;
export const DEFAULT_EXPIRE_IN_SECONDS = 15 * 60;

/** Checks a job definition and returns it typed (so handlers get their data's type). */
export function defineJob<Data extends object>(definition: JobDefinition<Data>): JobDefinition<Data> {
  if (!JOB_NAME_PATTERN.test(definition.name)) {
    throw new Error(`job name ${JSON.stringify(definition.name)} must be lower-case words joined by dashes`);
  }
  if (definition.concurrency !== undefined && (!Number.isInteger(definition.concurrency) || definition.concurrency < 1)) {
    throw new Error(`job ${definition.name}: concurrency must be a whole number of at least 1`);
  }
  return definition;
}

/** The queue options pg-boss stores for a definition (also sent with each job, so a sender needs no worker). */
export function queueOptionsOf(definition: JobKind) {
  return {
    retryLimit: definition.retryLimit ?? DEFAULT_RETRY_LIMIT,
    retryDelay: definition.retryDelaySeconds ?? DEFAULT_RETRY_DELAY_SECONDS,
    expireInSeconds: definition.expireInSeconds ?? DEFAULT_EXPIRE_IN_SECONDS,
  };
}
