import { randomBytes } from "node:crypto";
import { open } from "node:fs/promises";

const PATTERN_BYTES = 64 * 1024 * 1024;

/** Writes `bytes` of content that does not compress to `file`: one 64 MiB random pattern, repeated (quicker than `bytes` of randomness). */
export async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const handle = await open(file, "w");
  try {
    const pattern = randomBytes(PATTERN_BYTES);
    for (let written = 0; written < bytes; written += pattern.length) await handle.write(pattern, 0, Math.min(pattern.length, bytes - written));
  } finally {
    await handle.close();
  }
}
