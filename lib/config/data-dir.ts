import path from "node:path";

type Env = Record<string, string | undefined>;

/** The folder that holds all local state (embedded Postgres, blobs, secrets): `DATA_DIR`, default `.data`. */
export function resolveDataDir(env: Env = process.env): string {
  return path.resolve(/* turbopackIgnore: true */ env.DATA_DIR || ".data");
}
