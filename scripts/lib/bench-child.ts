// Benchmarks run the server under test in a child process (the benchmark script itself
// with --serve), so its CPU and memory are its own: start it, wait for its
// "READY <port>" line, and stop it with SIGTERM (it writes what it queued and exits).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

/** Starts `scripts/<script> --serve` with `env` added (and `nodeArgs` before it); resolves with its port. */
export function startBenchChild(script: string, env: Record<string, string | undefined>, nodeArgs: string[] = []): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", path.join("scripts", script), "--serve"], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "inherit"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /READY (\d+)/.exec(output);
      if (match) resolve({ child, port: Number(match[1]) });
    });
    child.on("exit", (code) => reject(new Error(`the server exited with ${code} before it was ready: ${output}`)));
  });
}

/** Stops the child with SIGTERM and resolves once it exited. */
export function stopBenchChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
