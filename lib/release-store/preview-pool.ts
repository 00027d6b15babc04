/**
 * Release previews off the main thread. Parsing and checking a 1 MiB release takes the
 * CPU for a second or more; on the main thread eight of them at once held every
 * registry request behind them for seconds. So the server previews in worker threads:
 *
 * - one worker per core (`os.availableParallelism()`), started on first use; a worker
 *   runs one preview at a time, the rest wait in one FIFO queue;
 * - a worker idle for `idleTimeoutMs` is terminated (and `closeIdleWorkers` ends idle ones
 *   at once, as a bundle build does before it starts): a worker adds 6-21 MiB (mostly 10-14) to the
 *   portal's resident memory (measured under `npm start`), while server previews are
 *   occasional (release creation, the preview API, the editor's tag look-ups; the editor
 *   itself previews in the browser). A fresh worker is ready in 70-130 ms and its first
 *   preview takes 70-100 ms (the schema chunks it loads), a warm one's about 1 ms;
 * - an owner (a user) has at most `perOwnerLimit` previews running or waiting: one more
 *   is refused at once with `rate_limited` (429), so one user cannot fill the queue;
 * - a preview gets `timeoutMs` from the moment a worker takes it (a worker takes work
 *   only once it has said it is ready, so loading its modules is not counted). The preview is
 *   synchronous inside the worker, so nothing can interrupt it: at the deadline the
 *   worker is terminated and a fresh one takes its place, and the caller gets an error
 *   saying the release took too long. A worker that dies any other way fails its task
 *   the same way and is replaced.
 *
 * The worker file is referenced as `new URL("./preview-worker.ts", import.meta.url)`
 * inside `new Worker(...)`, the form Next.js's bundler recognises and builds into its own
 * entry for `next start`; run from sources (Vitest, tsx) the worker registers tsx and
 * then imports the TypeScript entry.
 */
import os from "node:os";
import { Worker } from "node:worker_threads";
import { AppError } from "@/lib/errors";
import type { ReleaseContext, ReleasePreview } from "@/lib/releases";
import type { PreviewReadyMessage, PreviewResultMessage, PreviewTaskMessage } from "./preview-pool-messages";

export const PREVIEW_TIMEOUT_MS = 10_000;
export const PREVIEWS_PER_USER = 2;
export const PREVIEW_IDLE_TIMEOUT_MS = 60_000;

export interface PreviewPoolOptions {
  /** Worker threads; default one per core. */
  size?: number;
  /** Time one preview may take once a worker runs it. */
  timeoutMs?: number;
  /** Previews one owner may have running or waiting. */
  perOwnerLimit?: number;
  /** How long a worker may wait for work before it is terminated. */
  idleTimeoutMs?: number;
}

interface Task {
  message: PreviewTaskMessage;
  owner: string | null;
  resolve: (preview: ReleasePreview) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  isReady: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  idleTimer: NodeJS.Timeout | null;
}

/**
 * Whether this module runs inside Next.js's server bundle, whose bundler built the worker
 * entry: Turbopack gives bundled modules an `import.meta.env` whose MODE is "production" or
 * "development" (Vitest's is "test"; tsx gives none). `import.meta.url` cannot tell: in the
 * bundle it is the source file's URL, a `.ts` path, and testing that sent every production
 * preview worker down the source path below (tsx and the TypeScript sources loaded in each
 * worker: 40 MiB of resident memory per worker instead of about 12, and a slower start).
 */
const IS_BUNDLED = ["production", "development"].includes((import.meta as { env?: { MODE?: string } }).env?.MODE ?? "");

function startWorker(): Worker {
  if (!IS_BUNDLED) {
    // From sources, the worker first registers tsx (TypeScript and the @/ paths), then loads the entry.
    const entry = new URL("./preview-worker.ts", import.meta.url).href;
    const bootstrap = `Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]).then(([esm, cjs]) => { cjs.register(); esm.register(); return import(${JSON.stringify(entry)}); });`;
    return new Worker(bootstrap, { eval: true });
  }
  // One expression, so the bundler sees the worker entry (see the top of this file). The
  // bundled entry needs none of the parent's command-line options: inherited, `npm start`'s
  // `--import tsx` loaded tsx into every worker (measured: 7 MiB more per worker). V8's
  // flags (`--max-semi-space-size`) are process-wide and still apply.
  return new Worker(new URL("./preview-worker.ts", import.meta.url), { execArgv: [] });
}

export class PreviewPool {
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly perOwnerLimit: number;
  private readonly idleTimeoutMs: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private readonly perOwner = new Map<string, number>();
  private nextId = 1;
  private isClosed = false;

  constructor(options: PreviewPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.timeoutMs = options.timeoutMs ?? PREVIEW_TIMEOUT_MS;
    this.perOwnerLimit = options.perOwnerLimit ?? PREVIEWS_PER_USER;
    this.idleTimeoutMs = options.idleTimeoutMs ?? PREVIEW_IDLE_TIMEOUT_MS;
  }

  /** Previews `yamlText` in a worker; `owner` (a user id, or null for the server's own previews) counts against the per-owner cap. */
  preview(owner: string | null, yamlText: string, context: ReleaseContext): Promise<ReleasePreview> {
    if (this.isClosed) return Promise.reject(new Error("The preview pool is closed."));
    if (owner !== null) {
      const running = this.perOwner.get(owner) ?? 0;
      if (running >= this.perOwnerLimit) {
        return Promise.reject(
          new AppError("rate_limited", `You already have ${running} release previews running; at most ${this.perOwnerLimit} run at once per user. Wait for one to finish and try again.`, { retryAfter: 1 }),
        );
      }
      this.perOwner.set(owner, running + 1);
    }
    return new Promise<ReleasePreview>((resolve, reject) => {
      const message: PreviewTaskMessage = { id: this.nextId++, yamlText, context: { ...context, externalRegistries: context.externalRegistries.map((r) => ({ ...r })) } };
      this.queue.push({ message, owner, resolve, reject });
      this.dispatch();
    });
  }

  /** How many worker threads are alive, and how many previews run and wait. */
  stats(): { workers: number; running: number; queued: number } {
    return { workers: this.slots.length, running: this.slots.filter((slot) => slot.task !== null).length, queued: this.queue.length };
  }

  /** Terminates every worker; waiting and running previews fail. */
  async close(): Promise<void> {
    this.isClosed = true;
    for (const task of this.queue.splice(0)) this.settle(task, new Error("The preview pool was closed."));
    await Promise.all(this.slots.splice(0).map((slot) => this.retire(slot, new Error("The preview pool was closed."))));
  }

  /** Terminates the workers that wait for work now (they start again on the next preview); resolves with how many. */
  async closeIdleWorkers(): Promise<number> {
    const idle = this.slots.filter((slot) => slot.isReady && slot.task === null);
    await Promise.all(idle.map((slot) => this.retireIdle(slot)));
    return idle.length;
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      const slot = this.slots.find((candidate) => candidate.isReady && candidate.task === null);
      if (!slot) {
        // Start another worker if the queue outgrows those starting; it asks for work when ready.
        const starting = this.slots.filter((candidate) => !candidate.isReady).length;
        if (this.slots.length < this.size && starting < this.queue.length) this.addSlot();
        return;
      }
      const task = this.queue.shift() as Task;
      if (slot.idleTimer) clearTimeout(slot.idleTimer);
      slot.idleTimer = null;
      slot.task = task;
      slot.timer = setTimeout(() => void this.timeOut(slot as Slot), this.timeoutMs);
      slot.worker.ref();
      slot.worker.postMessage(task.message);
    }
    for (const slot of this.slots) {
      if (!slot.isReady || slot.task !== null || slot.idleTimer) continue;
      slot.idleTimer = setTimeout(() => void this.retireIdle(slot), this.idleTimeoutMs);
      slot.idleTimer.unref();
    }
  }

  /** Terminates a worker that is still waiting for work. */
  private async retireIdle(slot: Slot): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index === -1 || slot.task !== null) return;
    this.slots.splice(index, 1);
    await this.retire(slot, new Error("The preview worker was idle."));
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: startWorker(), isReady: false, task: null, timer: null, idleTimer: null };
    slot.worker.on("message", (message: PreviewResultMessage | PreviewReadyMessage) => {
      if ("ready" in message) {
        slot.isReady = true;
        this.dispatch();
        if (!slot.task) slot.worker.unref();
      } else this.finish(slot, message);
    });
    slot.worker.on("error", (error) => void this.replace(slot, new Error(`The release preview failed: ${error.message}`)));
    slot.worker.on("exit", () => void this.replace(slot, new Error("The release preview stopped unexpectedly; try again.")));
    // Idle workers must not keep a script or a test run alive: a worker is referenced while
    // it starts or runs a preview, and unreferenced while it waits for one.
    this.slots.push(slot);
    return slot;
  }

  private finish(slot: Slot, result: PreviewResultMessage): void {
    const task = slot.task;
    if (!task || task.message.id !== result.id) return;
    this.clearTask(slot);
    if (result.error !== undefined) this.settle(task, new Error(`The release preview failed: ${result.error}`));
    else this.settle(task, null, result.preview);
    this.dispatch();
  }

  private async timeOut(slot: Slot): Promise<void> {
    const limit = this.timeoutMs >= 1000 ? `${this.timeoutMs / 1000} s` : `${this.timeoutMs} ms`;
    const error = new AppError("invalid_input", `The release took longer than ${limit} to preview and was stopped. Split it into smaller documents or remove deep anchors and aliases, then try again.`, {
      details: [{ path: "yaml", issue: `took longer than ${limit} to preview` }],
    });
    await this.replace(slot, error);
  }

  /** Fails the slot's task with `error`, terminates its worker and lets a fresh one take over. */
  private async replace(slot: Slot, error: Error): Promise<void> {
    const index = this.slots.indexOf(slot);
    if (index === -1) return;
    this.slots.splice(index, 1);
    // A worker that cannot even start would fail its replacement too: fail what waits
    // instead of starting workers in a loop (the next preview tries again).
    if (!slot.isReady) for (const task of this.queue.splice(0)) this.settle(task, error);
    await this.retire(slot, error);
    if (!this.isClosed) this.dispatch();
  }

  private async retire(slot: Slot, error: Error): Promise<void> {
    const task = slot.task;
    this.clearTask(slot);
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
    if (task) this.settle(task, error);
    slot.worker.removeAllListeners("exit");
    await slot.worker.terminate();
  }

  private clearTask(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.worker.unref();
  }

  private settle(task: Task, error: Error | null, preview?: ReleasePreview): void {
    if (task.owner !== null) {
      const left = (this.perOwner.get(task.owner) ?? 1) - 1;
      if (left > 0) this.perOwner.set(task.owner, left);
      else this.perOwner.delete(task.owner);
    }
    if (error) task.reject(error);
    else task.resolve(preview as ReleasePreview);
  }
}

const globalForPool = globalThis as unknown as { slipwayPreviewPool?: PreviewPool };

/** The process's preview pool (one per process, also across Next.js's module reloads in development). */
export function getPreviewPool(): PreviewPool {
  globalForPool.slipwayPreviewPool ??= new PreviewPool();
  return globalForPool.slipwayPreviewPool;
}

/**
 * Terminates the process's idle preview workers, if it has a pool; for work that needs the
 * memory more (a bundle build). Reads the pool from globalThis, so a caller outside the
 * Next.js bundle (the start script's job workers) reaches the pool its routes made.
 */
export async function closeIdlePreviewWorkers(): Promise<number> {
  return (await globalForPool.slipwayPreviewPool?.closeIdleWorkers()) ?? 0;
}
