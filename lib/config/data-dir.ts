import path from "node:path";

/** The folder that holds all local state (embedded Postgres, blobs, secrets): `DATA_DIR`, default `.data`. */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env.DATA_DIR || ".data");
}
