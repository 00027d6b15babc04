/**
 * The one behaviour suite every storage driver must pass (as distribution's
 * storagedriver/testsuites does). Driver test files call describeStorageDriver.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { PassThrough, type Readable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { StorageNotFoundError, type StorageDriver } from "@/lib/registry/storage/driver";

export interface DriverFixture {
  driver: StorageDriver;
  cleanup: () => Promise<void>;
}

async function readAll(stream: Readable | null): Promise<Buffer> {
  if (!stream) throw new Error("expected a stream");
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function* failingAfter(data: Buffer): AsyncGenerator<Buffer> {
  yield data;
  throw new Error("client went away");
}

/** Stores `data` as a blob through the upload path and returns its digest. */
async function putBlob(driver: StorageDriver, data: Buffer): Promise<string> {
  const id = randomUUID();
  const digest = computeDigest(data);
  await driver.createUpload(id);
  await driver.writeUpload(id, 0, chunksOf(data, 1000));
  await driver.commitUpload(id, digest, data.length);
  return digest;
}

/** Registers the shared storage-driver tests against a fresh driver per test. */
export function describeStorageDriver(label: string, createFixture: () => Promise<DriverFixture>): void {
  describe(`storage driver: ${label}`, () => {
    let fixture: DriverFixture;
    let driver: StorageDriver;
    beforeEach(async () => {
      fixture = await createFixture();
      driver = fixture.driver;
    });
    afterEach(async () => fixture.cleanup());

    it("reports absent blobs as null", async () => {
      const digest = computeDigest("nothing here");
      expect(await driver.statBlob(digest)).toBeNull();
      expect(await driver.readBlob(digest)).toBeNull();
      await expect(driver.deleteBlob(digest)).resolves.toBeUndefined();
    });

    it("publishes an upload as a blob only on commit, byte for byte", async () => {
      const data = randomBytes(70_000);
      const id = randomUUID();
      const digest = computeDigest(data);
      await driver.createUpload(id);
      expect(await driver.writeUpload(id, 0, chunksOf(data, 4096))).toBe(data.length);
      expect(await driver.statBlob(digest)).toBeNull();
      expect(await driver.commitUpload(id, digest, data.length)).toBe(true);
      expect(await driver.statBlob(digest)).toEqual({ size: data.length });
      expect((await readAll(await driver.readBlob(digest))).equals(data)).toBe(true);
      expect((await driver.listUploads()).map((area) => area.id)).not.toContain(id);
    });

    it("serves inclusive byte ranges", async () => {
      const data = randomBytes(10_000);
      const digest = await putBlob(driver, data);
      const part = await readAll(await driver.readBlob(digest, { start: 100, end: 199 }));
      expect(part.equals(data.subarray(100, 200))).toBe(true);
      const last = await readAll(await driver.readBlob(digest, { start: 9_999, end: 9_999 }));
      expect(last.equals(data.subarray(9_999))).toBe(true);
    });

    it("sends blobs and ranges into a writable, and reports absent ones", async () => {
      const data = randomBytes(3 * 1024 * 1024 + 5);
      const digest = await putBlob(driver, data);
      const collect = async (range?: { start: number; end: number }) => {
        const sink = new PassThrough();
        const received = readAll(sink);
        expect(await driver.sendBlob(digest, sink, range)).toBe(true);
        sink.end();
        return received;
      };
      expect((await collect()).equals(data)).toBe(true);
      expect((await collect({ start: 1_000_000, end: 2_500_000 })).equals(data.subarray(1_000_000, 2_500_001))).toBe(true);
      expect(await driver.sendBlob(computeDigest("absent"), new PassThrough())).toBe(false);
    });

    it("appends chunks at the committed offset and reads back only the counted bytes", async () => {
      const id = randomUUID();
      await driver.createUpload(id);
      await driver.writeUpload(id, 0, chunksOf(Buffer.from("hello "), 2));
      await driver.writeUpload(id, 6, chunksOf(Buffer.from("world"), 3));
      expect((await readAll(await driver.readUpload(id, 11))).toString()).toBe("hello world");
      expect((await readAll(await driver.readUpload(id, 5))).toString()).toBe("hello");
      expect((await readAll(await driver.readUpload(id, 0))).length).toBe(0);
    });

    it("lets an interrupted write be overwritten, and commits only the counted bytes", async () => {
      const id = randomUUID();
      await driver.createUpload(id);
      await driver.writeUpload(id, 0, chunksOf(Buffer.from("abc"), 3));
      await expect(driver.writeUpload(id, 3, failingAfter(Buffer.from("GARBAGE-GARBAGE")))).rejects.toThrow("client went away");
      await driver.writeUpload(id, 3, chunksOf(Buffer.from("def"), 1));
      const digest = computeDigest("abcdef");
      await driver.commitUpload(id, digest, 6);
      expect((await readAll(await driver.readBlob(digest))).toString()).toBe("abcdef");
    });

    it("keeps the first copy when the same content is committed twice", async () => {
      const data = randomBytes(5000);
      const digest = await putBlob(driver, data);
      const second = randomUUID();
      await driver.createUpload(second);
      await driver.writeUpload(second, 0, chunksOf(data, 5000));
      expect(await driver.commitUpload(second, digest, data.length)).toBe(false);
      expect((await readAll(await driver.readBlob(digest))).equals(data)).toBe(true);
      expect((await driver.listUploads()).map((area) => area.id)).not.toContain(second);
    });

    it("deletes blobs and upload areas idempotently", async () => {
      const digest = await putBlob(driver, Buffer.from("to be deleted"));
      await driver.deleteBlob(digest);
      await driver.deleteBlob(digest);
      expect(await driver.statBlob(digest)).toBeNull();
      const id = randomUUID();
      await driver.createUpload(id);
      expect((await driver.listUploads()).map((area) => area.id)).toContain(id);
      await driver.deleteUpload(id);
      await driver.deleteUpload(id);
      expect((await driver.listUploads()).map((area) => area.id)).not.toContain(id);
    });

    it("refuses to write to, read or commit an upload that does not exist", async () => {
      const id = randomUUID();
      await expect(driver.writeUpload(id, 0, chunksOf(Buffer.from("x"), 1))).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(driver.readUpload(id, 1)).rejects.toBeInstanceOf(StorageNotFoundError);
      await expect(driver.commitUpload(id, computeDigest("x"), 1)).rejects.toBeInstanceOf(StorageNotFoundError);
    });

    it("rejects ids and digests that could escape the store", async () => {
      await expect(driver.createUpload("../../etc")).rejects.toThrow(/invalid upload id/);
      await expect(driver.statBlob("sha256:../../x")).rejects.toThrow(/invalid digest/);
    });

    it("is done with each written chunk before asking for the next, so a source may refill one buffer", async () => {
      // Small chunks (copied into batches), large ones (written as they are) and a run that crosses a batch.
      const sizes = [100, 512, ...Array.from({ length: 20 }, () => 65_536), 70_001, 300_000, 1024 * 1024, 5, 3 * 1024 * 1024 + 7, 600_000, 9 * 1024 * 1024];
      const expected = randomBytes(sizes.reduce((sum, size) => sum + size, 0));
      async function* refilled(): AsyncGenerator<Buffer> {
        const buffer = Buffer.alloc(Math.max(...sizes));
        let offset = 0;
        for (const size of sizes) {
          expected.copy(buffer, 0, offset, offset + size);
          yield buffer.subarray(0, size);
          // A driver still holding the chunk would now store these bytes instead.
          buffer.fill(0xee);
          offset += size;
        }
      }
      const id = randomUUID();
      await driver.createUpload(id);
      expect(await driver.writeUpload(id, 0, refilled())).toBe(expected.length);
      const digest = computeDigest(expected);
      await driver.commitUpload(id, digest, expected.length);
      expect(computeDigest(await readAll(await driver.readBlob(digest)))).toBe(digest);
    });

    it("streams a multi-megabyte blob in small chunks without loss", async () => {
      const data = randomBytes(3 * 1024 * 1024 + 17);
      const digest = await putBlob(driver, data);
      expect(computeDigest(await readAll(await driver.readBlob(digest)))).toBe(digest);
    });
  });
}
