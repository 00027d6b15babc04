import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { computeDigest } from "@/lib/registry/digests";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { streamStoredBlob } from "./stored-blob-chunks";

let root: string;
let storage: FilesystemStorageDriver;

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), "slipway-stored-chunks-"));
  storage = new FilesystemStorageDriver(root);
});
afterEach(() => rm(root, { recursive: true, force: true }));

async function store(data: Buffer): Promise<string> {
  const id = randomUUID();
  const digest = computeDigest(data);
  await storage.createUpload(id);
  await storage.writeUpload(id, 0, (async function* () {
    yield data;
  })());
  await storage.commitUpload(id, digest, data.length);
  return digest;
}

const absent = () => new Error("no such blob");

describe("streamStoredBlob", () => {
  it("streams a blob byte for byte through a few reused buffers, not one per megabyte", async () => {
    const data = randomBytes(9 * 1024 * 1024 + 3);
    const digest = await store(data);
    const copies: Buffer[] = [];
    const memory = new Set<ArrayBufferLike>();
    for await (const chunk of streamStoredBlob(storage, digest, absent)) {
      copies.push(Buffer.from(chunk));
      memory.add(chunk.buffer);
    }
    expect(Buffer.concat(copies).equals(data)).toBe(true);
    expect(copies.length).toBeGreaterThanOrEqual(10);
    expect(memory.size).toBeLessThanOrEqual(4);
  });

  it("throws the caller's error for a blob the store does not have", async () => {
    const chunks = streamStoredBlob(storage, computeDigest("never stored"), absent);
    await expect(chunks.next()).rejects.toThrow("no such blob");
  });

  it("ends the send when the reader stops early, so the next read works", async () => {
    const data = randomBytes(6 * 1024 * 1024);
    const digest = await store(data);
    for await (const chunk of streamStoredBlob(storage, digest, absent)) {
      expect(chunk.equals(data.subarray(0, chunk.length))).toBe(true);
      break;
    }
    const copies: Buffer[] = [];
    for await (const chunk of streamStoredBlob(storage, digest, absent)) copies.push(Buffer.from(chunk));
    expect(Buffer.concat(copies).equals(data)).toBe(true);
  });
});
