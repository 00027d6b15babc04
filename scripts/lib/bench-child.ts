// Benchmarks run the server under test in a child process (the benchmark script itself
// with --serve), so its CPU and memory are its own: start it, wait for its
// "READY <port>" line, and stop it with SIGTERM (it writes what it queued and exits).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { reportBenchFailure } from "./bench-options";

/** How long a server child may take to print its READY line before the benchmark gives up on it. */
const READY_TIMEOUT_MS = 120_000;

/** Starts `scripts/<script> --serve` with `env` added (and `nodeArgs` before it); resolves with its port. */
export async function startBenchChild(script: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join("scripts", script), "--serve"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return { child, port: await waitForReady(child) };
}

/** The port from the child's "READY <port>" line; rejects (and kills it) when it exits or stays silent too long. */
export function waitForReady(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`the server printed no READY line within ${READY_TIMEOUT_MS / 1000} s: ${output}`));
    }, READY_TIMEOUT_MS);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited with ${code} before it was ready: ${output}`));
    });
  });
}

/**
 * Runs `serve` when this script was started with --serve, else `main`. A server that fails
 * exits at once: what it opened before failing (a database pool, the change feed) would keep
 * it alive, and the benchmark would wait for a READY line that never comes.
 */
export function runBenchScript(serve: () => Promise<void> | void, main: () => Promise<void>): void {
  if (process.argv.includes("--serve")) {
    Promise.resolve()
      .then(serve)
      .catch((error: unknown) => {
        console.error(error);
        process.exit(1);
      });
    return;
  }
  main().catch(reportBenchFailure);
}

/** Stops the child with SIGTERM and resolves once it exited. */
export function stopBenchChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
