import { mkdir, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { buffer } from "node:stream/consumers";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { describeStorageDriver } from "@/lib/registry/storage/driver-suite";
import { StorageNotFoundError } from "@/lib/registry/storage/driver";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { cachedBytes } from "@/lib/registry/storage/test-support/cached-bytes";

describeStorageDriver("filesystem", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "slipway-fs-driver-"));
  return { driver: new FilesystemStorageDriver(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

/** Runs `check` with a driver on a fresh temporary root, removed afterwards. */
async function withDriver(check: (driver: FilesystemStorageDriver, root: string) => Promise<void>): Promise<void> {
  const root = await mkdtemp(path.join(tmpdir(), "slipway-fs-driver-"));
  try {
    await check(new FilesystemStorageDriver(root), root);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

describe("filesystem driver layout", () => {
  it("stores blobs under blobs/<algorithm>/<first two hex>/<hex> and nothing there before commit", () =>
    withDriver(async (driver, root) => {
      const data = Buffer.from("layout check");
      const digest = computeDigest(data);
      const hex = digest.slice("sha256:".length);
      const id = randomUUID();
      await driver.createUpload(id);
      await driver.writeUpload(id, 0, once(data));
      // An upload is one file, so pushing a layer makes and removes no folder.
      expect((await stat(path.join(root, "uploads", id))).isFile()).toBe(true);
      await expect(readdir(path.join(root, "blobs"))).rejects.toThrow();
      await driver.commitUpload(id, digest, data.length);
      expect(await readdir(path.join(root, "blobs", "sha256", hex.slice(0, 2)))).toEqual([hex]);
      expect(await readdir(path.join(root, "uploads"))).toEqual([]);
    }));

  it("treats an older version's upload folder (uploads/<id>/data) as an upload that is gone, and purges it", () =>
    withDriver(async (driver, root) => {
      const id = randomUUID();
      await mkdir(path.join(root, "uploads", id), { recursive: true });
      await writeFile(path.join(root, "uploads", id, "data"), "left by an older version");
      await expect(driver.writeUpload(id, 0, once(Buffer.from("more")))).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(driver.readUpload(id, 4)).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(driver.commitUpload(id, computeDigest("more"), 4)).rejects.toBeInstanceOf(StorageNotFoundError);
      expect((await driver.listUploads()).map((area) => area.id)).toEqual([id]);
      await driver.deleteUpload(id);
      expect(await readdir(path.join(root, "uploads"))).toEqual([]);
    }));

  it("makes uploads/ again when it was removed behind the driver's back", () =>
    withDriver(async (driver, root) => {
      await driver.createUpload(randomUUID());
      await rm(path.join(root, "uploads"), { recursive: true });
      const id = randomUUID();
      await driver.createUpload(id);
      expect(await driver.writeUpload(id, 0, once(Buffer.from("again")))).toBe(5);
    }));
});

const MIB = 1024 * 1024;

/** Hands `data` out a mebibyte at a time, as a client's body arrives in pieces. */
async function* inMebibytes(data: Buffer): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += MIB) yield data.subarray(at, at + MIB);
}

describe.runIf(process.platform === "linux")("filesystem driver and the page cache", () => {
  it("drops an upload's flushed pages while it is written, and a large blob's last ones at commit", () =>
    withDriver(async (driver, root) => {
      const data = Buffer.concat(Array.from({ length: 96 }, (_, i) => Buffer.alloc(MIB, i)));
      const digest = computeDigest(data);
      const id = randomUUID();
      await driver.createUpload(id);
      expect(await driver.writeUpload(id, 0, inMebibytes(data))).toBe(96 * MIB);
      // A flush starts 16 MiB or more behind the last one and drops what it covered; only one
      // runs at a time, so how much is still unflushed at the end depends on the disk (a
      // fresh machine's slow flush left 46 MiB, 2026-12-04). What the design promises: the
      // first flush, over the first 16 MiB, is done and dropped before the write resolves.
      expect(cachedBytes(path.join(root, "uploads", id))).toBeLessThanOrEqual(80 * MIB);
      await driver.commitUpload(id, digest, data.length);
      const hex = digest.slice("sha256:".length);
      const blob = path.join(root, "blobs", "sha256", hex.slice(0, 2), hex);
      expect(cachedBytes(blob)).toBe(0);
      // Read back from disk, byte for byte.
      expect(computeDigest(await buffer((await driver.readBlob(digest))!))).toBe(digest);
    }));

  it("keeps a small blob cached: every pull reads configs and small layers", () =>
    withDriver(async (driver, root) => {
      const data = Buffer.alloc(MIB, 7);
      const digest = computeDigest(data);
      const id = randomUUID();
      await driver.createUpload(id);
      await driver.writeUpload(id, 0, once(data));
      await driver.commitUpload(id, digest, data.length);
      const hex = digest.slice("sha256:".length);
      expect(cachedBytes(path.join(root, "blobs", "sha256", hex.slice(0, 2), hex))).toBe(MIB);
    }));
});
