/**
 * Runs the real skopeo (containers/image) against a loopback registry for tests and the
 * benchmark, isolated from the machine's configuration: its own HOME (so its blob-info
 * cache starts empty) and an accept-anything signature policy.
 */
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

export const SKOPEO = process.env.SKOPEO_BIN || "/usr/bin/skopeo";

export interface SkopeoEnvironment {
  home: string;
  policy: string;
}

/** Prepares a private HOME and signature policy under `dir`. */
export async function prepareSkopeo(dir: string): Promise<SkopeoEnvironment> {
  const home = path.join(dir, "home");
  await mkdir(home, { recursive: true });
  const policy = path.join(dir, "policy.json");
  await writeFile(policy, JSON.stringify({ default: [{ type: "insecureAcceptAnything" }] }));
  return { home, policy };
}

function isolatedEnvironment(environment: SkopeoEnvironment): NodeJS.ProcessEnv {
  return { ...process.env, PATH: process.env.PATH, HOME: environment.home, XDG_RUNTIME_DIR: environment.home, REGISTRY_AUTH_FILE: `${environment.home}/auth.json` };
}

/** Runs skopeo with the given arguments; rejects with its stderr when it fails. */
export function runSkopeo(environment: SkopeoEnvironment, args: string[], timeoutMs = 10 * 60 * 1000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      SKOPEO,
      ["--policy", environment.policy, ...args],
      { env: isolatedEnvironment(environment), timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 },
      (error: Error | null, stdout: string, stderr: string) => (error ? reject(new Error(`skopeo ${args.join(" ")} failed: ${stderr || error.message}`)) : resolve(stdout)),
    );
  });
}

/** `skopeo copy` from one image reference to another, with credentials for the loopback registry. */
export function skopeoCopy(environment: SkopeoEnvironment, from: string, to: string, credentials: string, extra: string[] = []): Promise<string> {
  const args = ["copy", "--quiet", "--preserve-digests", ...extra];
  if (from.startsWith("docker://")) args.push("--src-tls-verify=false", "--src-creds", credentials);
  if (to.startsWith("docker://")) args.push("--dest-tls-verify=false", "--dest-creds", credentials);
  return runSkopeo(environment, [...args, from, to]);
}
