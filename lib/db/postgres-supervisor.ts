/**
 * Keeps the embedded PostgreSQL running while the portal runs (issue 15). The postmaster's
 * pid is checked every `checkIntervalMs`; when it is gone (killed, crashed, OOM) the server
 * is started again in the same folder on the same port, so the connection string every
 * pool holds stays valid, with backoff between failed attempts (0.5 s doubling to 30 s).
 * Meanwhile queries fail, the API and pages answer 503 "database unavailable", and
 * /readyz says unready; pg's pools reconnect on their own once the server is back.
 */
import { startEmbeddedPostgres, type RunningPostgres } from "./embedded-postgres";
import { isProcessAlive } from "./postmaster";

export interface SupervisorEvents {
  log?: (line: string) => void;
  onDown?: () => void;
  onUp?: (restarts: number) => void;
}

const FIRST_BACKOFF_MS = 500;
/** How long stopping a server may take before we go on (a dead one's stop() can wait forever). */
const STOP_TIMEOUT_MS = 5000;

/** Waits for `promise` to settle, at most `ms`; never throws. */
function settleWithin(promise: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.then(() => undefined, () => undefined), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
const MAX_BACKOFF_MS = 30_000;

/** Starts the embedded server in `dataDir` and restarts it whenever it dies, until stop(). */
export async function startSupervisedPostgres(dataDir: string, events: SupervisorEvents = {}, checkIntervalMs = 1000): Promise<RunningPostgres> {
  const log = events.log ?? (() => {});
  let current = await startEmbeddedPostgres(dataDir, { log });
  const port = current.port;
  let stopped = false;
  let restarting = false;
  let restarts = 0;

  async function restart(): Promise<void> {
    restarting = true;
    events.onDown?.();
    log(`PostgreSQL (pid ${current.pid}) is gone: starting it again on port ${port}`);
    await settleWithin(current.stop(), STOP_TIMEOUT_MS);
    let backoff = FIRST_BACKOFF_MS;
    while (!stopped) {
      try {
        current = await startEmbeddedPostgres(dataDir, { log, port });
        restarts += 1;
        log(`PostgreSQL is back (pid ${current.pid}, restart ${restarts})`);
        events.onUp?.(restarts);
        break;
      } catch (error) {
        log(`PostgreSQL did not start again, next try in ${backoff} ms: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, backoff));
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
      }
    }
    restarting = false;
  }

  const timer = setInterval(() => {
    if (stopped || restarting || current.pid === null || isProcessAlive(current.pid)) return;
    void restart();
  }, checkIntervalMs);
  timer.unref();

  return {
    port,
    get pid() {
      return current.pid;
    },
    connectionString: current.connectionString,
    stop: async () => {
      stopped = true;
      clearInterval(timer);
      await current.stop();
    },
  };
}
