/**
 * Starts registry server processes (registry-process.ts) for tests that need separate
 * instances of one installation (same database, store and secrets) or a server to kill.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createInterface } from "node:readline";

export interface RegistryProcess {
  origin: string;
  /** `127.0.0.1:<port>` */
  host: string;
  port: number;
  child: ChildProcess;
  /** What the process wrote to stderr (start-up line, warnings). */
  stderr: string[];
  /** SIGKILL: no chance to clean anything up. */
  kill: () => Promise<void>;
  stop: () => Promise<void>;
}

/** Settings every instance of one test installation shares: the same secrets and registry host. */
export function sharedInstallationEnv(databaseUrl: string, storageEnv: Record<string, string>): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64url"),
    SECRETS_KEY: randomBytes(32).toString("hex"),
    REGISTRY_HOST: "slipway.test",
    ...storageEnv,
  };
}

function waitForExit(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

/** Spawns one instance with `env` on a free loopback port and waits until it listens. */
export async function startRegistryProcess(env: Record<string, string>): Promise<RegistryProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "lib/registry/storage/test-support/registry-process.ts"], {
    env: { ...process.env, ...env, PORT: "0" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => stderr.push(line));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`registry process did not start: ${stderr.join("\n")}`)), 60_000);
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const match = /^listening (\d+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`registry process exited with ${code}: ${stderr.join("\n")}`));
    });
  });
  return {
    origin: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    port,
    child,
    stderr,
    kill: async () => {
      const exited = waitForExit(child);
      child.kill("SIGKILL");
      await exited;
    },
    stop: async () => {
      const exited = waitForExit(child);
      child.kill("SIGTERM");
      await exited;
    },
  };
}
