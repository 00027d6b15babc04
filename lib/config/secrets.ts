/**
 * Server secrets: the session-signing secret and the key that encrypts stored
 * credentials. Taken from the environment when set; otherwise generated once into
 * `$DATA_DIR/secrets.json` (mode 0600) and reused, so a restart keeps sessions and
 * stored credentials readable.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { getConfig, type Config } from "./index";

type SecretsEnv = Partial<Pick<Config, "DATA_DIR" | "NEXTAUTH_SECRET" | "SECRETS_KEY">>;

export interface ServerSecrets {
  /** Signs next-auth sessions and registry tokens. */
  nextAuthSecret: string;
  /** 32 bytes, AES-256-GCM key for stored external registry credentials. */
  secretsKey: Buffer;
}

interface SecretsFile {
  nextAuthSecret: string;
  secretsKey: string;
}

let cached: ServerSecrets | undefined;

function decodeKey(value: string, origin: string): Buffer {
  const key = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, "hex") : Buffer.from(value, "base64");
  if (key.length !== 32) {
    throw new Error(`${origin} must be 32 bytes, as 64 hex characters or base64 (for example: openssl rand -hex 32).`);
  }
  return key;
}

function readOrCreateSecretsFile(file: string): SecretsFile {
  if (existsSync(file)) return JSON.parse(readFileSync(file, "utf8")) as SecretsFile;
  mkdirSync(path.dirname(file), { recursive: true });
  const created: SecretsFile = {
    nextAuthSecret: randomBytes(32).toString("base64url"),
    secretsKey: randomBytes(32).toString("hex"),
  };
  // "wx" fails if another instance created it first; then read theirs.
  try {
    writeFileSync(file, JSON.stringify(created, null, 2) + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return JSON.parse(readFileSync(file, "utf8")) as SecretsFile;
    throw error;
  }
  chmodSync(file, 0o600);
  return created;
}

/** The server's secrets, from `NEXTAUTH_SECRET` / `SECRETS_KEY` or the generated file. */
export function loadServerSecrets(env: SecretsEnv = getConfig()): ServerSecrets {
  if (cached) return cached;
  const needFile = !env.NEXTAUTH_SECRET || !env.SECRETS_KEY;
  const file = needFile ? readOrCreateSecretsFile(path.join(path.resolve(/* turbopackIgnore: true */ env.DATA_DIR || ".data"), "secrets.json")) : undefined;
  cached = {
    nextAuthSecret: env.NEXTAUTH_SECRET || file!.nextAuthSecret,
    secretsKey: env.SECRETS_KEY ? decodeKey(env.SECRETS_KEY, "SECRETS_KEY") : decodeKey(file!.secretsKey, "secrets.json secretsKey"),
  };
  return cached;
}
