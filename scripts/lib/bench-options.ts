/**
 * The benchmarks' command-line options, and the error a misread option stops a benchmark
 * with: runBenchScript (bench-child.ts) prints that error's message alone, as it is the
 * user's to fix, not a fault to trace.
 */
export class BenchOptionError extends Error {}

/**
 * A whole-number option such as `--runs N`: `fallback` without it, else a whole number from
 * 1 to `max`. Anything else is refused, not replaced by the fallback: a benchmark must not
 * measure something nobody asked for.
 */
export function readWholeNumberOption(argv: string[], name: string, fallback: number, max: number): number {
  const index = argv.indexOf(name);
  if (index === -1) return fallback;
  const value = argv[index + 1];
  const number = Number(value);
  if (value === undefined || !Number.isInteger(number) || number < 1 || number > max) {
    throw new BenchOptionError(`${name} takes a whole number from 1 to ${max}, not ${JSON.stringify(value ?? "")}`);
  }
  return number;
}

/** How a benchmark ends on an error: a misread option with its message alone, anything else with its stack. */
export function reportBenchFailure(error: unknown): void {
  console.error(error instanceof BenchOptionError ? error.message : error);
  process.exitCode = 1;
}
