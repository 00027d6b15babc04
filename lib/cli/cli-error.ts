/** A failure the CLI reports in one message with its exit code (2: usage or connection; 1: the checked thing has problems). */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

/** Exit codes: 0 clean, 1 findings at or above --fail-on (or a check that failed), 2 usage or connection errors. */
export const EXIT = { ok: 0, findings: 1, usage: 2 } as const;
