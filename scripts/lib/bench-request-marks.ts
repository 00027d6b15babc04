/**
 * BENCH_MARKS=1 in the registry benchmarks: every request a benchmark's server answered,
 * with its window on CLOCK_MONOTONIC (seconds, the clock of `perf record -k monotonic`),
 * printed to stderr when the response closes: a pull's or a push's timeline, request by
 * request.
 */
import type { IncomingMessage, ServerResponse } from "node:http";

export const isMarkingRequests = Boolean(process.env.BENCH_MARKS);

function monotonicSeconds(nanoseconds: bigint): string {
  return (Number(nanoseconds) / 1e9).toFixed(4);
}

/** Prints `request <method> <path> <status> <start> <end>` once the response closes. */
export function markRequest(req: IncomingMessage, res: ServerResponse): void {
  const started = process.hrtime.bigint();
  res.on("close", () => console.error(`request ${req.method} ${req.url} ${res.statusCode} ${monotonicSeconds(started)} ${monotonicSeconds(process.hrtime.bigint())}`));
}

/**
 * Runs one client operation (a skopeo push) and, when marking, prints `push <target> <what>
 * <start> <end> <start in Unix ms>`: the window the requests above fall in, and the wall
 * clock that lines up distribution's log (BENCH_DISTRIBUTION_LOG, wall-clock times) with it.
 */
export async function markOperation<T>(target: string, what: string, operation: () => Promise<T>): Promise<T> {
  if (!isMarkingRequests) return operation();
  const started = process.hrtime.bigint();
  const startedAt = Date.now();
  const result = await operation();
  console.error(`push ${target} ${what} ${monotonicSeconds(started)} ${monotonicSeconds(process.hrtime.bigint())} ${startedAt}`);
  return result;
}
