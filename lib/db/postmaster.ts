/**
 * The PostgreSQL server process behind an embedded cluster, seen from outside: its pid
 * file, whether it still runs, stopping one that an earlier start left behind, and a
 * watchdog that stops it when the process that started it dies without stopping it
 * (`kill -9`), so the next start does not find the cluster taken.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

/** How long a leftover server gets for a fast shutdown (SIGINT), then as long again for an immediate one (SIGQUIT). */
const SHUTDOWN_WAIT_MS = 15_000;

/** The server pid recorded in `<dataDir>/postmaster.pid`, or null when there is none. */
export function readPostmasterPid(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8");
  } catch {
    return null;
  }
  const pid = Number(text.split("\n")[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * True when `pid` is a postgres server for `dataDir` (its command line has `-D <dataDir>`).
 * A pid file can outlive its server and the pid be reused by anything; only a server of
 * this very cluster may be stopped. Without /proc (not Linux) nothing is recognised.
 */
function isServerOf(pid: number, dataDir: string): boolean {
  let args: string[];
  try {
    args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  } catch {
    return false;
  }
  const at = args.indexOf("-D");
  return at > 0 && path.basename(args[0] ?? "") === "postgres" && path.resolve(args[at + 1] ?? "") === path.resolve(dataDir);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isProcessAlive(pid)) return true;
    await sleep(100);
  }
  return !isProcessAlive(pid);
}

/**
 * Stops a server of this cluster that is still running although nothing of ours started
 * it (its parent was killed), so a new start can take the folder. Resolves with its pid,
 * or null when there was none.
 */
export async function stopLeftoverPostmaster(dataDir: string, log: (line: string) => void = () => {}): Promise<number | null> {
  const pid = readPostmasterPid(dataDir);
  if (pid === null || !isProcessAlive(pid) || !isServerOf(pid, dataDir)) return null;
  log(`database: stopping PostgreSQL (pid ${pid}) that an earlier start left running in ${dataDir}`);
  process.kill(pid, "SIGINT");
  if (await waitForExit(pid, SHUTDOWN_WAIT_MS)) return pid;
  process.kill(pid, "SIGQUIT");
  if (await waitForExit(pid, SHUTDOWN_WAIT_MS)) return pid;
  throw new Error(`PostgreSQL (pid ${pid}) in ${dataDir} did not stop; stop it (kill ${pid}) and start again.`);
}

/**
 * A tiny shell loop that sends the server a fast shutdown once this process is gone.
 * It holds no handle of ours (unref'd, no pipes), so it never keeps Node running; stop it
 * with `kill()` when the server is stopped the ordinary way.
 */
export function watchParentFor(serverPid: number): ChildProcess {
  const script = `while kill -0 ${process.pid} 2>/dev/null; do sleep 1; done; kill -INT ${serverPid} 2>/dev/null`;
  const watchdog = spawn("/bin/sh", ["-c", script], { stdio: "ignore" });
  watchdog.on("error", () => undefined);
  watchdog.unref();
  return watchdog;
}
