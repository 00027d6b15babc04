import { randomBytes } from "node:crypto";
import { mkdtemp, open, readFile, rm, type FileHandle } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { flushDistance, writeChunksAt } from "@/lib/registry/storage/write-chunks";

const MIB = 1024 * 1024;

/** Hands out `data` in chunks of the given sizes, in turn: small ones get batched, large ones written directly. */
async function* chunksOf(data: Buffer, sizes: number[]): AsyncGenerator<Buffer> {
  for (let at = 0, turn = 0; at < data.length; turn++) {
    const size = sizes[turn % sizes.length]!;
    yield data.subarray(at, at + size);
    at += size;
  }
}

/** The real file handle, with its fdatasync calls counted and the latest one at hand. */
function countingDatasyncs(handle: FileHandle): { handle: FileHandle; datasyncs: () => number; latestDatasync: () => Promise<void> } {
  let count = 0;
  let latest: Promise<void> = Promise.resolve();
  const datasync = handle.datasync.bind(handle);
  handle.datasync = () => {
    count++;
    latest = datasync();
    return latest;
  };
  return { handle, datasyncs: () => count, latestDatasync: () => latest };
}

describe("writeChunksAt", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "slipway-write-chunks-"));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the same bytes at the offset and flushes as it goes", async () => {
    const data = randomBytes(9 * MIB + 12345);
    const file = path.join(dir, "data");
    await (await open(file, "w")).close();
    const { handle, datasyncs } = countingDatasyncs(await open(file, "r+"));
    try {
      await handle.write(Buffer.from("head"), 0, 4, 0);
      expect(await writeChunksAt(handle, 4, chunksOf(data, [64 * 1024, 512 * 1024, 1000]), 2 * MIB)).toBe(data.length);
    } finally {
      await handle.close();
    }
    expect((await readFile(file)).equals(Buffer.concat([Buffer.from("head"), data]))).toBe(true);
    // One flush at a time, each after 2 MiB more: at least one ran, never more than one per 2 MiB.
    expect(datasyncs()).toBeGreaterThanOrEqual(1);
    expect(datasyncs()).toBeLessThanOrEqual(4);
  });

  it("leaves flushing to the commit when less than the flush distance is written", async () => {
    const file = path.join(dir, "data");
    await (await open(file, "w")).close();
    const { handle, datasyncs } = countingDatasyncs(await open(file, "r+"));
    try {
      await writeChunksAt(handle, 0, chunksOf(randomBytes(5 * MIB), [MIB]), 8 * MIB);
    } finally {
      await handle.close();
    }
    expect(datasyncs()).toBe(0);
  });

  it("flushes at the minimum distance, and past sixteen times it at a sixteenth of what was written", () => {
    expect(flushDistance(0, 16 * MIB)).toBe(16 * MIB);
    expect(flushDistance(100 * MIB, 16 * MIB)).toBe(16 * MIB);
    expect(flushDistance(256 * MIB, 16 * MIB)).toBe(16 * MIB);
    expect(flushDistance(512 * MIB, 16 * MIB)).toBe(32 * MIB);
    expect(flushDistance(1024 * MIB, 16 * MIB)).toBe(64 * MIB);
  });

  it("flushes a long write in fewer pieces than the minimum distance alone would", async () => {
    const file = path.join(dir, "data");
    await (await open(file, "w")).close();
    const { handle, datasyncs, latestDatasync } = countingDatasyncs(await open(file, "r+"));
    // Each chunk waits for the last flush to end, so every distance reached starts one: 64 at a
    // fixed 1 MiB, 33 with the distance growing.
    async function* flushedChunks(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 64; i++) {
        await latestDatasync();
        yield randomBytes(MIB);
      }
    }
    try {
      expect(await writeChunksAt(handle, 0, flushedChunks(), MIB)).toBe(64 * MIB);
    } finally {
      await handle.close();
    }
    expect(datasyncs()).toBe(33);
  });

  it("rejects when the source fails, with no flush still running on the handle", async () => {
    const file = path.join(dir, "data");
    await (await open(file, "w")).close();
    const handle = await open(file, "r+");
    async function* failing(): AsyncGenerator<Buffer> {
      for (let i = 0; i < 6; i++) yield randomBytes(MIB);
      throw new Error("client went away");
    }
    try {
      await expect(writeChunksAt(handle, 0, failing(), MIB)).rejects.toThrow("client went away");
    } finally {
      // Closing would fail a flush still in flight on this descriptor (EBADF); it must not.
      await handle.close();
    }
    expect((await readFile(file)).length).toBe(6 * MIB);
  });
});
