/**
 * The process's one logger (pino): JSON lines on stdout, pretty-printed when stdout is
 * a terminal, at `LOG_LEVEL`. Fields that can hold credentials are censored by pino's
 * redaction, and callers pass free text through `redactText` (./redact). Shared through
 * globalThis so the start script and the Next.js bundle write through one stream.
 */
import pino, { type Logger } from "pino";
import { getConfig } from "@/lib/config";
import { redactText } from "./redact";

export type { Logger } from "pino";

const REDACT_PATHS = [
  "authorization", "password", "token", "secret", "licenseId", "cookie",
  "*.authorization", "*.password", "*.token", "*.secret", "*.licenseId", "*.cookie",
  "headers.authorization", "headers.cookie", "req.headers.authorization", "req.headers.cookie",
];

const holder = globalThis as unknown as { slipwayLogger?: Logger };

function createLogger(): Logger {
  const options: pino.LoggerOptions = {
    level: getConfig().LOG_LEVEL,
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: "[redacted]" },
  };
  if (process.stdout.isTTY) {
    try {
      return pino(options, pino.transport({ target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss.l", ignore: "pid" } }));
    } catch {
      // pino-pretty missing: plain JSON below.
    }
  }
  // Synchronous writes: a line is on stdout before the process can exit or crash.
  return pino(options, pino.destination({ dest: 1, sync: true }));
}

/** The shared logger; `component` names the part of the product writing. */
export function getLogger(component?: string): Logger {
  holder.slipwayLogger ??= createLogger();
  return component ? holder.slipwayLogger.child({ component }) : holder.slipwayLogger;
}

/** An error as log fields, redacted: message and stack, nothing else (error objects can carry request options). */
export function describeError(error: unknown): { message: string; stack?: string } {
  if (error instanceof Error) return { message: redactText(error.message), stack: error.stack && redactText(error.stack) };
  return { message: redactText(String(error)) };
}
