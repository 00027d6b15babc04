import { randomBytes, randomUUID } from "node:crypto";
import { Writable } from "node:stream";
import { AbortMultipartUploadCommand, GetObjectCommand, ListMultipartUploadsCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { describeStorageDriver } from "@/lib/registry/storage/driver-suite";
import { S3StorageDriver, createS3Client, ensureBucket, type S3StorageConfig } from "@/lib/registry/storage/s3-driver";
import { putObjectInParts } from "@/lib/registry/storage/s3-parts";
import { startCephRgw, type CephRgw } from "@/lib/test/ceph-rgw";

let rgw: CephRgw;
beforeAll(async () => {
  rgw = await startCephRgw();
}, 120_000);
afterAll(async () => rgw?.stop());

function configFor(bucket: string, prefix = ""): S3StorageConfig {
  return { endpoint: rgw.endpoint, region: rgw.region, bucket, accessKeyId: rgw.accessKeyId, secretAccessKey: rgw.secretAccessKey, forcePathStyle: true, prefix };
}

// Each test gets its own bucket, and half of them a key prefix, so tests cannot see each other's keys.
let fixtures = 0;
describeStorageDriver("s3 (Ceph RGW)", async () => {
  fixtures += 1;
  const config = configFor(`suite-${randomUUID()}`, fixtures % 2 ? "" : "some/prefix/");
  const client = createS3Client(config);
  await ensureBucket(client, config.bucket);
  return { driver: new S3StorageDriver(config, client), cleanup: async () => client.destroy() };
});

async function* chunksOf(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}

async function readAll(stream: AsyncIterable<unknown> | null): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream!) chunks.push(Buffer.from(chunk as Uint8Array));
  return Buffer.concat(chunks);
}

describe("s3 driver on Ceph RGW", () => {
  it("assembles a chunked upload from large chunks server-side and from small ones by streaming, byte for byte", async () => {
    const config = configFor(`chunks-${randomUUID()}`);
    const client = createS3Client(config);
    await ensureBucket(client, config.bucket);
    const driver = new S3StorageDriver(config, client);
    for (const chunkBytes of [6 * 1024 * 1024, 700_000]) {
      const data = randomBytes(2 * chunkBytes + 12345);
      const id = randomUUID();
      await driver.createUpload(id);
      let offset = 0;
      for (const chunk of [data.subarray(0, chunkBytes), data.subarray(chunkBytes, 2 * chunkBytes), data.subarray(2 * chunkBytes)]) {
        offset += await driver.writeUpload(id, offset, chunksOf(chunk, 65536));
      }
      const digest = computeDigest(data);
      expect(await driver.commitUpload(id, digest, data.length)).toBe(true);
      expect((await readAll(await driver.readBlob(digest))).equals(data)).toBe(true);
      expect((await readAll(await driver.readBlob(digest, { start: chunkBytes - 10, end: chunkBytes + 10 }))).equals(data.subarray(chunkBytes - 10, chunkBytes + 11))).toBe(true);
    }
    expect(await driver.listUploads()).toEqual([]);
    expect(await driver.listMultipartUploads()).toEqual([]);
    client.destroy();
  }, 120_000);

  it("leaves no parts behind when a multi-part write fails, and presigns blob URLs that fetch the content", async () => {
    const config = configFor(`fail-${randomUUID()}`);
    const client = createS3Client(config);
    await ensureBucket(client, config.bucket);
    const driver = new S3StorageDriver(config, client);
    const id = randomUUID();
    await driver.createUpload(id);
    const big = randomBytes(20 * 1024 * 1024);
    async function* failing() {
      yield* chunksOf(big, 1024 * 1024);
      throw new Error("client went away");
    }
    await expect(driver.writeUpload(id, 0, failing())).rejects.toThrow("client went away");
    expect(await driver.listMultipartUploads()).toEqual([]);
    await driver.deleteUpload(id);

    const data = randomBytes(4096);
    const upload = randomUUID();
    await driver.createUpload(upload);
    await driver.writeUpload(upload, 0, chunksOf(data, 4096));
    const digest = computeDigest(data);
    await driver.commitUpload(upload, digest, data.length);
    const url = await driver.presignBlob(digest, 60);
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).equals(data)).toBe(true);
    client.destroy();
  }, 120_000);

  it("sends a blob from its own socket byte for byte, stops when the client leaves, and names the store's refusal", async () => {
    const config = configFor(`send-${randomUUID()}`);
    const client = createS3Client(config);
    await ensureBucket(client, config.bucket);
    const driver = new S3StorageDriver(config, client);
    const data = randomBytes(20 * 1024 * 1024 + 12345);
    const upload = randomUUID();
    await driver.createUpload(upload);
    await driver.writeUpload(upload, 0, chunksOf(data, 1024 * 1024));
    const digest = computeDigest(data);
    await driver.commitUpload(upload, digest, data.length);

    const received: Buffer[] = [];
    const collector = new Writable({ write: (chunk: Buffer, _encoding, done) => (received.push(Buffer.from(chunk)), done()) });
    expect(await driver.sendBlob(digest, collector)).toBe(true);
    expect(Buffer.concat(received).equals(data)).toBe(true);

    // A client that goes away after the first piece ends the download instead of hanging it.
    const leaving = new Writable({
      write: (_chunk, _encoding, done) => {
        done();
        leaving.destroy();
      },
    });
    await expect(driver.sendBlob(digest, leaving)).rejects.toMatchObject({ code: "ERR_STREAM_PREMATURE_CLOSE" });

    const wrongSecret = new S3StorageDriver({ ...config, secretAccessKey: "not-the-secret" }, createS3Client({ ...config, secretAccessKey: "not-the-secret" }));
    await expect(wrongSecret.sendBlob(digest, new Writable({ write: (_chunk, _encoding, done) => done() }))).rejects.toThrow(/answered HTTP 403 \(SignatureDoesNotMatch\)/);
    client.destroy();
  }, 120_000);
});

describe("putObjectInParts on Ceph RGW", () => {
  const PART = 5 * 1024 * 1024; // S3's smallest part, so part boundaries are cheap to cross

  async function bucketClient(name: string) {
    const config = configFor(`${name}-${randomUUID()}`);
    const client = createS3Client(config);
    await ensureBucket(client, config.bucket);
    return { client, bucket: config.bucket };
  }

  async function objectBytes(client: S3Client, bucket: string, key: string): Promise<Buffer | null> {
    try {
      const answer = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return Buffer.from(await answer.Body!.transformToByteArray());
    } catch (error) {
      if ((error as { name?: string }).name === "NoSuchKey") return null;
      throw error;
    }
  }

  async function openMultipartUploads(client: S3Client, bucket: string): Promise<string[]> {
    const page = await client.send(new ListMultipartUploadsCommand({ Bucket: bucket }));
    return (page.Uploads ?? []).map((upload) => upload.UploadId!);
  }

  it("stores sources of every length around the part size byte for byte, one part or many", async () => {
    const { client, bucket } = await bucketClient("parts");
    for (const [length, queue] of [[0, 2], [1, 2], [PART - 1, 2], [PART, 1], [PART + 1, 2], [3 * PART + 4097, 1], [3 * PART + 4097, 3]] as const) {
      const data = randomBytes(length);
      const key = `object-${length}-${queue}`;
      // 64 KiB chunks from one refilled buffer: a part that kept a chunk instead of copying it would store 0xee.
      const refilled = async function* () {
        const buffer = Buffer.alloc(65536);
        for (let offset = 0; offset < data.length; offset += buffer.length) {
          const size = Math.min(buffer.length, data.length - offset);
          data.copy(buffer, 0, offset, offset + size);
          yield buffer.subarray(0, size);
          buffer.fill(0xee);
        }
      };
      expect(await putObjectInParts({ client, bucket, key, partBytes: PART, queue }, refilled())).toBe(length);
      expect((await objectBytes(client, bucket, key))?.equals(data)).toBe(true);
    }
    expect(await openMultipartUploads(client, bucket)).toEqual([]);
    client.destroy();
  }, 120_000);

  it("fails the write and leaves nothing when the store refuses a part or the source fails", async () => {
    const { client, bucket } = await bucketClient("parts-fail");
    const data = randomBytes(4 * PART);

    // Someone aborts the multipart upload under the writer (as the purge of a lost upload does): the next part is refused.
    const abortedUnderneath = async function* () {
      yield* chunksOf(data.subarray(0, 2 * PART), 1024 * 1024);
      await new Promise((resolve) => setTimeout(resolve, 200)); // let the first part's upload finish
      for (const uploadId of await openMultipartUploads(client, bucket)) {
        await client.send(new AbortMultipartUploadCommand({ Bucket: bucket, Key: "refused", UploadId: uploadId }));
      }
      yield* chunksOf(data.subarray(2 * PART), 1024 * 1024);
    };
    await expect(putObjectInParts({ client, bucket, key: "refused", partBytes: PART, queue: 2 }, abortedUnderneath())).rejects.toMatchObject({ name: "NoSuchUpload" });
    expect(await objectBytes(client, bucket, "refused")).toBeNull();

    const failing = async function* () {
      yield* chunksOf(data.subarray(0, 3 * PART), 1024 * 1024);
      throw new Error("the client went away");
    };
    await expect(putObjectInParts({ client, bucket, key: "cut-off", partBytes: PART, queue: 2 }, failing())).rejects.toThrow("the client went away");
    expect(await objectBytes(client, bucket, "cut-off")).toBeNull();
    expect(await openMultipartUploads(client, bucket)).toEqual([]);
    client.destroy();
  }, 120_000);
});
