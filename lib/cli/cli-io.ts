/** What a CLI run reads and writes, passed in so tests run commands in-process with their own streams and environment. */
import type { Readable } from "node:stream";

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  stdin: Readable & { isTTY?: boolean };
  env: Record<string, string | undefined>;
  cwd: string;
  /** Whether stdout is a terminal (tables) or a pipe. */
  isTerminal: boolean;
}

/** The real process's streams and environment. */
export function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdin: process.stdin,
    // eslint-disable-next-line no-restricted-properties -- the CLI is a client program: its own environment (SLIPWAY_*) is its input, not the server's configuration
    env: process.env,
    cwd: process.cwd(),
    isTerminal: process.stdout.isTTY === true,
  };
}

/** Reads all of stdin as text (a token piped in, `echo $TOKEN | slipway login`). */
export async function readAllStdin(io: CliIo): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString("utf8");
}
