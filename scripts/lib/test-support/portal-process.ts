// Starts scripts/lib/test-support/portal-child.ts (or scripts/start.ts) as a child process
// on a free loopback port and collects its log lines, for the operations tests.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { findFreePort } from "../../../lib/db/embedded-postgres";

export interface PortalProcess {
  origin: string;
  host: string;
  port: number;
  child: ChildProcess;
  /** Every stdout line so far. */
  lines: string[];
  stderr: string[];
  exited: Promise<number | null>;
}

const ROOT = path.resolve(__dirname, "../../..");

/** Runs `script` with `env` on top of a minimal environment; resolves once it logs "ready:" (or rejects when it exits first). */
export async function startPortalProcess(env: Record<string, string>, options: { script?: string; readyTimeoutMs?: number } = {}): Promise<PortalProcess> {
  const port = await findFreePort();
  const script = options.script ?? "scripts/lib/test-support/portal-child.ts";
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    cwd: ROOT,
    // Not the test runner's environment: only what a portal needs, so the child reads its own settings.
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PORT: String(port), HOST: "127.0.0.1", REGISTRY_HOST: `127.0.0.1:${port}`, ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const stderr: string[] = [];
  let buffered = "";
  let onLine: ((line: string) => void) | null = null;
  child.stdout!.setEncoding("utf8").on("data", (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      onLine?.(line);
    }
  });
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => stderr.push(chunk));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const processInfo: PortalProcess = { origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}`, port, child, lines, stderr, exited };
  if (options.readyTimeoutMs === 0) return processInfo;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal not ready in time:\n${lines.join("\n")}\n${stderr.join("")}`)), options.readyTimeoutMs ?? 120_000);
    onLine = (line) => {
      if (line.includes('"msg":"ready:')) {
        clearTimeout(timer);
        resolve();
      }
    };
    if (lines.some((line) => line.includes('"msg":"ready:'))) onLine("\"msg\":\"ready:");
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited (${code}) before it was ready:\n${lines.join("\n")}\n${stderr.join("")}`));
    });
  });
  return processInfo;
}

/** Polls `check` every 250 ms until it returns true, at most `timeoutMs`. */
export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check().catch(() => false)) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`${what}: not within ${timeoutMs} ms`);
}
