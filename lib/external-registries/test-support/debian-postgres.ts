/**
 * Test support: a throwaway PostgreSQL 15 cluster from Debian's `postgresql-15`
 * package, on a free loopback port, for tests that need `pg_dump`. Debian's pg_dump is
 * version 15 and refuses to dump the newer embedded server the other tests use, so a
 * test that must read a whole dump runs the real service against this server instead.
 * When we are root, initdb and postgres run as the `postgres` OS user (they refuse root).
 */
import { execFile } from "node:child_process";
import { access, chmod, chown, mkdir, mkdtemp, rm } from "node:fs/promises";
import { constants } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { findFreePort } from "@/lib/db/embedded-postgres";

const run = promisify(execFile);

export const PG15_BIN = "/usr/lib/postgresql/15/bin";
const USER = "slipway";
const DATABASE = "slipway";

export interface DebianPostgres {
  url: string;
  /** The whole database as `pg_dump` writes it (plain SQL). */
  dump(): Promise<string>;
  stop(): Promise<void>;
}

const isRoot = () => process.getuid?.() === 0;

/** Throws a message saying what to install when a needed binary is missing; never skips. */
async function assertBinaries(): Promise<void> {
  for (const name of ["initdb", "pg_ctl", "postgres", "pg_dump"]) {
    const file = path.join(PG15_BIN, name);
    await access(file, constants.X_OK).catch(() => {
      throw new Error(`${file} is missing: install Debian's postgresql-15 package (.ci/run does) to run the pg_dump secrecy test.`);
    });
  }
}

/** Runs a PostgreSQL 15 binary, as the `postgres` user when we are root. */
async function runPg(name: string, args: string[]): Promise<string> {
  const binary = path.join(PG15_BIN, name);
  const [command, argv] = isRoot() ? ["runuser", ["-u", "postgres", "--", binary, ...args]] : [binary, args];
  const { stdout } = await run(command, argv, { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function makeDataDir(): Promise<{ dir: string; dataDir: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "slipway-pg15-"));
  await chmod(dir, 0o755);
  const dataDir = path.join(dir, "data");
  await mkdir(dataDir, { mode: 0o700 });
  if (isRoot()) {
    const [uid, gid] = await Promise.all([run("id", ["-u", "postgres"]), run("id", ["-g", "postgres"])]);
    await chown(dataDir, Number(uid.stdout.trim()), Number(gid.stdout.trim()));
  }
  return { dir, dataDir };
}

/** Initialises and starts the cluster with an empty `slipway` database; trust auth, 127.0.0.1 only. */
export async function startDebianPostgres15(): Promise<DebianPostgres> {
  await assertBinaries();
  const { dir, dataDir } = await makeDataDir();
  let isStarted = false;
  const stop = async () => {
    if (isStarted) await runPg("pg_ctl", ["-D", dataDir, "-m", "fast", "-w", "stop"]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await runPg("initdb", ["-D", dataDir, "-U", USER, "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
    const port = await findFreePort();
    const serverOptions = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off`;
    await runPg("pg_ctl", ["-D", dataDir, "-l", path.join(dataDir, "server.log"), "-w", "-t", "60", "-o", serverOptions, "start"]);
    isStarted = true;
    const admin = new pg.Client({ connectionString: `postgresql://${USER}@127.0.0.1:${port}/postgres` });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${DATABASE}`);
    await admin.end();
    const url = `postgresql://${USER}@127.0.0.1:${port}/${DATABASE}`;
    return { url, dump: () => runPg("pg_dump", ["--no-owner", `--dbname=${url}`]), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
