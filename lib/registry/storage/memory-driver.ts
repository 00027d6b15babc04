/**
 * An in-memory storage driver with the filesystem driver's semantics, for tests and for
 * proving that the protocol code depends only on the StorageDriver interface.
 */
import { Readable, type Writable } from "node:stream";
import { tryParseDigest } from "@/lib/registry/digests";
import {
  StorageNotFoundError,
  assertUploadId,
  type ByteRange,
  type StorageDriver,
  type UploadArea,
} from "@/lib/registry/storage/driver";

interface MemoryUpload {
  /** Capacity grows by doubling; `length` says how much of it holds data. */
  data: Buffer;
  length: number;
  modifiedAt: Date;
}

function checkDigest(digest: string): string {
  if (!tryParseDigest(digest)) throw new Error(`invalid digest ${JSON.stringify(digest)}`);
  return digest;
}

/** Writes `chunk` at `position`, growing the buffer (zero-filled, like a sparse file) as needed. */
function writeAt(upload: MemoryUpload, position: number, chunk: Uint8Array): void {
  const end = position + chunk.length;
  if (end > upload.data.length) {
    const grown = Buffer.alloc(Math.max(end, upload.data.length * 2));
    upload.data.copy(grown, 0, 0, upload.length);
    upload.data = grown;
  }
  upload.data.set(chunk, position);
  upload.length = Math.max(upload.length, end);
}

export class MemoryStorageDriver implements StorageDriver {
  readonly name = "memory";
  readonly statsLocally = true;
  private readonly blobs = new Map<string, Buffer>();
  private readonly uploads = new Map<string, MemoryUpload>();

  private uploadOrThrow(id: string): MemoryUpload {
    assertUploadId(id);
    const upload = this.uploads.get(id);
    if (!upload) throw new StorageNotFoundError(`upload ${id}`);
    return upload;
  }

  async statBlob(digest: string): Promise<{ size: number } | null> {
    const blob = this.blobs.get(checkDigest(digest));
    return blob ? { size: blob.length } : null;
  }

  async readBlob(digest: string, range?: ByteRange): Promise<Readable | null> {
    const blob = this.blobs.get(checkDigest(digest));
    if (!blob) return null;
    const bytes = range ? blob.subarray(range.start, range.end + 1) : blob;
    return Readable.from([bytes]);
  }

  async sendBlob(digest: string, destination: Writable, range?: ByteRange): Promise<boolean> {
    const blob = this.blobs.get(checkDigest(digest));
    if (!blob) return false;
    const bytes = range ? blob.subarray(range.start, range.end + 1) : blob;
    await new Promise<void>((resolve, reject) => destination.write(bytes, (error) => (error ? reject(error) : resolve())));
    return true;
  }

  async deleteBlob(digest: string): Promise<void> {
    this.blobs.delete(checkDigest(digest));
  }

  async createUpload(id: string): Promise<void> {
    assertUploadId(id);
    this.uploads.set(id, { data: Buffer.alloc(0), length: 0, modifiedAt: new Date() });
  }

  async writeUpload(id: string, offset: number, source: AsyncIterable<Uint8Array>): Promise<number> {
    const upload = this.uploadOrThrow(id);
    let written = 0;
    for await (const chunk of source) {
      // Like the filesystem, bytes land as they arrive, so a failing source leaves a partial write.
      writeAt(upload, offset + written, chunk);
      written += chunk.length;
      upload.modifiedAt = new Date();
    }
    return written;
  }

  async readUpload(id: string, length: number): Promise<Readable> {
    const upload = this.uploadOrThrow(id);
    return Readable.from([Buffer.from(upload.data.subarray(0, Math.min(length, upload.length)))]);
  }

  async commitUpload(id: string, digest: string, size: number): Promise<boolean> {
    const upload = this.uploadOrThrow(id);
    checkDigest(digest);
    this.uploads.delete(id);
    if (this.blobs.has(digest)) return false;
    this.blobs.set(digest, Buffer.from(upload.data.subarray(0, Math.min(size, upload.length))));
    return true;
  }

  async deleteUpload(id: string): Promise<void> {
    assertUploadId(id);
    this.uploads.delete(id);
  }

  async listUploads(): Promise<UploadArea[]> {
    return [...this.uploads.entries()].map(([id, upload]) => ({ id, modifiedAt: upload.modifiedAt }));
  }
}
