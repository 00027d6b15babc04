import { spawn, type ChildProcess } from "node:child_process";
import { appendFileSync, chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres } from "./embedded-postgres";
import { isProcessAlive } from "./postmaster";

const dir = mkdtempSync(path.join(os.tmpdir(), "slipway-reuse-"));
chmodSync(dir, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

interface ChildCluster {
  child: ChildProcess;
  serverPid: number;
  url: string;
}

/** Starts the cluster in another process (a portal that can be killed), resolving once it is ready. */
function startInChild(dataDir: string): Promise<ChildCluster> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "test-support", "postgres-child.ts"), dataDir], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let output = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /READY (\d+) (\S+)/.exec(output);
      if (ready) resolve({ child, serverPid: Number(ready[1]), url: ready[2]! });
    });
    child.stderr!.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("exit", (code) => reject(new Error(`the child exited with ${code}: ${output}`)));
  });
}

/** The watchdog shell loop that waits for `pid` to die (see postmaster.ts). */
function findWatchdogOf(pid: number): number {
  for (const entry of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(`kill -0 ${pid} `)) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no watchdog for ${pid}`);
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(100)) if (!isProcessAlive(pid)) return true;
  return false;
}

describe("embedded PostgreSQL", () => {
  it("keeps its data across a stop and a second start in the same folder", async () => {
    const dataDir = path.join(dir, "postgres");
    const first = await startEmbeddedPostgres(dataDir);
    await query(first.connectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
    await first.stop();

    const second = await startEmbeddedPostgres(dataDir);
    try {
      expect(await query(second.connectionString, "SELECT value FROM kept")).toEqual([{ value: "still here" }]);
    } finally {
      await second.stop();
    }
  });

  it("stops its server when the process that started it is killed with SIGKILL, and the next start finds the data", async () => {
    const dataDir = path.join(dir, "killed");
    const first = await startInChild(dataDir);
    await query(first.url, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('after kill -9')");
    first.child.kill("SIGKILL");
    expect(await waitForExit(first.serverPid, 15_000)).toBe(true);

    const second = await startEmbeddedPostgres(dataDir);
    try {
      expect(await query(second.connectionString, "SELECT value FROM kept")).toEqual([{ value: "after kill -9" }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("stops a server an earlier start left running (its watchdog gone too) and starts in its place", async () => {
    const dataDir = path.join(dir, "orphaned");
    const first = await startInChild(dataDir);
    process.kill(findWatchdogOf(first.child.pid!), "SIGKILL");
    first.child.kill("SIGKILL");
    await sleep(1500);
    expect(isProcessAlive(first.serverPid)).toBe(true);

    const lines: string[] = [];
    const second = await startEmbeddedPostgres(dataDir, { log: (line) => lines.push(line) });
    try {
      expect(isProcessAlive(first.serverPid)).toBe(false);
      expect(lines.join("\n")).toContain(`stopping PostgreSQL (pid ${first.serverPid}) that an earlier start left running`);
      expect(await query(second.connectionString, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    } finally {
      await second.stop();
    }
  }, 60_000);

  it("leaves a process's exit code alone (the package's exit hook turned a failing test run into exit 0)", async () => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(__dirname, "test-support", "exit-code-child.ts")], { stdio: "ignore" });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(3);
  }, 60_000);

  it("says what PostgreSQL said when it does not start", async () => {
    const dataDir = path.join(dir, "broken");
    await (await startEmbeddedPostgres(dataDir)).stop();
    appendFileSync(path.join(dataDir, "postgresql.conf"), "\nbogus_setting_for_the_test = on\n");
    await expect(startEmbeddedPostgres(dataDir)).rejects.toThrow(/PostgreSQL did not start in .*bogus_setting_for_the_test/);
  }, 60_000);
});
