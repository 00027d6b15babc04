/**
 * Tests only: swaps the shared logger (lib/observability/logger.ts keeps it on
 * globalThis) for one that writes JSON lines into memory, so a test can read what the
 * code under test logged; `restore` puts the previous logger back.
 */
import { Writable } from "node:stream";
import pino, { type Logger } from "pino";

export interface CapturedLogs {
  /** Every line logged since the capture began, parsed. */
  lines: () => Record<string, unknown>[];
  restore: () => void;
}

export function captureLogs(): CapturedLogs {
  const holder = globalThis as unknown as { slipwayLogger?: Logger };
  const previous = holder.slipwayLogger;
  const written: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written.push(chunk.toString("utf8"));
      done();
    },
  });
  holder.slipwayLogger = pino({ level: "trace" }, sink);
  return {
    lines: () => written.join("").split("\n").filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>),
    restore: () => {
      holder.slipwayLogger = previous;
    },
  };
}
