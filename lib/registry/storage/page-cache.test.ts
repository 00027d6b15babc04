import { mkdtemp, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { canDropPages, dropCleanPages } from "@/lib/registry/storage/page-cache";
import { cachedBytes } from "@/lib/registry/storage/test-support/cached-bytes";

const MIB = 1024 * 1024;

describe.runIf(process.platform === "linux")("dropCleanPages", () => {
  let file: string;
  beforeEach(async () => {
    file = path.join(await mkdtemp(path.join(tmpdir(), "slipway-page-cache-")), "data");
  });
  afterEach(async () => {
    await rm(path.dirname(file), { recursive: true, force: true });
  });

  it("finds posix_fadvise through koffi's prebuilt binary (otherwise every page would silently stay cached)", () => {
    expect(canDropPages()).toBe(true);
  });

  it("drops the flushed range it is given and keeps the rest", async () => {
    const handle = await open(file, "w+");
    try {
      await handle.write(Buffer.alloc(8 * MIB, 1), 0, 8 * MIB, 0);
      await handle.datasync();
      expect(cachedBytes(file)).toBe(8 * MIB);
      await dropCleanPages(handle, 0, 6 * MIB);
      expect(cachedBytes(file)).toBe(2 * MIB);
      await dropCleanPages(handle, 0, 0);
      expect(cachedBytes(file)).toBe(0);
      // The bytes are on disk and read back from it.
      const { bytesRead, buffer } = await handle.read(Buffer.alloc(8 * MIB), 0, 8 * MIB, 0);
      expect(bytesRead).toBe(8 * MIB);
      expect(buffer.equals(Buffer.alloc(8 * MIB, 1))).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it("resolves, dropping nothing, when the call fails", async () => {
    const handle = await open(file, "w+");
    await handle.close();
    // A closed handle's fd is -1: posix_fadvise answers EBADF, which is not the caller's problem.
    await expect(dropCleanPages(handle, 0, 0)).resolves.toBeUndefined();
  });
});
