/**
 * A time budget shared by every request of one step (a redirect chain, a token fetch
 * and its retry), so a step never outlasts its limit however many hops it takes.
 */
import { UpstreamError } from "./upstream-error";

/** Each step of a registry conversation gets this long, as the connection test promises. */
export const DEFAULT_STEP_TIMEOUT_MS = 5_000;

export interface Deadline {
  signal: AbortSignal;
  ms: number;
  /** Clears the timer; call when the step is over. */
  dispose(): void;
}

/** Starts a budget of `ms` milliseconds; its signal aborts when the time is up. */
export function createDeadline(ms: number): Deadline {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ms);
  timer.unref?.();
  return { signal: controller.signal, ms, dispose: () => clearTimeout(timer) };
}

/** "5 s", "2.5 s", "300 ms": durations as messages show them. */
export function formatSeconds(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${Number((ms / 1000).toFixed(1))} s`;
}

/** Rejects with a `timeout` UpstreamError when the deadline passes before `promise` settles. */
export function raceDeadline<T>(promise: Promise<T>, deadline: Deadline, what: string): Promise<T> {
  if (deadline.signal.aborted) return Promise.reject(timeoutError(deadline, what));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(timeoutError(deadline, what));
    deadline.signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        deadline.signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        deadline.signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The error for a step that ran out of time. */
export function timeoutError(deadline: Deadline, what: string): UpstreamError {
  return new UpstreamError("timeout", `${what} did not finish within ${formatSeconds(deadline.ms)}.`);
}
