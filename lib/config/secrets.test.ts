import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// The module caches its result per process; load a fresh copy for each case.
async function load(env: Record<string, string | undefined>) {
  vi.resetModules();
  const { loadServerSecrets } = await import("./secrets");
  return loadServerSecrets(env);
}

function tempDataDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "slipway-secrets-"));
  dirs.push(dir);
  return dir;
}

describe("server secrets", () => {
  it("are generated once into $DATA_DIR/secrets.json with mode 0600, then reused", async () => {
    const dataDir = tempDataDir();
    const first = await load({ DATA_DIR: dataDir });
    const file = path.join(dataDir, "secrets.json");
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.secretsKey).toHaveLength(32);
    expect(first.nextAuthSecret.length).toBeGreaterThanOrEqual(32);
    const second = await load({ DATA_DIR: dataDir });
    expect(second.nextAuthSecret).toBe(first.nextAuthSecret);
    expect(second.secretsKey.equals(first.secretsKey)).toBe(true);
    expect(JSON.parse(readFileSync(file, "utf8")).secretsKey).toBe(first.secretsKey.toString("hex"));
  });

  it("come from the environment when set, without writing a file", async () => {
    const dataDir = tempDataDir();
    const key = "ab".repeat(32);
    const secrets = await load({ DATA_DIR: dataDir, NEXTAUTH_SECRET: "from-env", SECRETS_KEY: key });
    expect(secrets.nextAuthSecret).toBe("from-env");
    expect(secrets.secretsKey.toString("hex")).toBe(key);
    expect(() => statSync(path.join(dataDir, "secrets.json"))).toThrow();
  });

  it("refuse a SECRETS_KEY that is not 32 bytes, saying how to make one", async () => {
    await expect(load({ DATA_DIR: tempDataDir(), NEXTAUTH_SECRET: "x", SECRETS_KEY: "abc" })).rejects.toThrow(/32 bytes.*openssl rand -hex 32/);
  });
});
