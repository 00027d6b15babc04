import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { describeStorageDriver } from "@/lib/registry/storage/driver-suite";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";

describeStorageDriver("filesystem", async () => {
  const root = await mkdtemp(path.join(tmpdir(), "slipway-fs-driver-"));
  return { driver: new FilesystemStorageDriver(root), cleanup: () => rm(root, { recursive: true, force: true }) };
});

async function* once(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
}

describe("filesystem driver layout", () => {
  it("stores blobs under blobs/<algorithm>/<first two hex>/<hex> and nothing there before commit", async () => {
    const root = await mkdtemp(path.join(tmpdir(), "slipway-fs-layout-"));
    try {
      const driver = new FilesystemStorageDriver(root);
      const data = Buffer.from("layout check");
      const digest = computeDigest(data);
      const hex = digest.slice("sha256:".length);
      const id = randomUUID();
      await driver.createUpload(id);
      await driver.writeUpload(id, 0, once(data));
      await expect(readdir(path.join(root, "blobs"))).rejects.toThrow();
      await driver.commitUpload(id, digest, data.length);
      expect(await readdir(path.join(root, "blobs", "sha256", hex.slice(0, 2)))).toEqual([hex]);
      expect(await readdir(path.join(root, "uploads"))).toEqual([]);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
