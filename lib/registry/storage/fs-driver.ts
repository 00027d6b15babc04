/**
 * The default storage driver: a local (or shared network) filesystem, laid out as drawn
 * in driver.ts. An upload is one file, uploads/<id>, written in place and published by
 * fsync + rename, which is atomic within one filesystem. (Until 2026-12-02 it was
 * uploads/<id>/data: a folder made and removed per blob, two journaled directory changes
 * more on every push of a layer. Such a folder left by an older version is treated as an
 * upload that is gone, and purged with the abandoned ones.)
 */
import { createReadStream } from "node:fs";
import { mkdir, open, readdir, rename, rm, stat, writeFile, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { Readable, type Writable } from "node:stream";
import { tryParseDigest } from "@/lib/registry/digests";
import { dropCleanPages } from "@/lib/registry/storage/page-cache";
import { sendFileRange } from "@/lib/registry/storage/send-file";
import { writeChunksAt } from "@/lib/registry/storage/write-chunks";
import {
  StorageNotFoundError,
  assertUploadId,
  type ByteRange,
  type StorageDriver,
  type UploadArea,
} from "@/lib/registry/storage/driver";

/** Read and write in 1 MiB pieces: fewer syscalls for multi-gigabyte layers, little memory per request. */
const IO_CHUNK_BYTES = 1024 * 1024;

/**
 * An upload's bytes are flushed to disk (fdatasync) while the writing goes on, one flush at
 * a time, each after at least this many more bytes of one writeUpload (and after a
 * sixteenth of what it wrote so far, past 256 MiB: write-chunks.ts, flushDistance), so the
 * commit's own flush finds little left: the disk works while the CPU receives and hashes.
 * A 1 GiB write and its commit's fsync took 1.2-3.0 s this way against 1.9-4.4 s without
 * (bare Node loop, 1 MiB writes with sha256, four runs each, 2026-12-01). With 16 MiB
 * rather than the 64 used until 2026-12-03, a skopeo push's commit of a 100 MiB layer
 * takes about 7 ms instead of 24, and bundle builds are no slower
 * (docs/registry-performance-log.md, "ninth look"). Smaller uploads never reach it.
 * Blobs of this size or more also stream through the page cache rather than stay in it,
 * written or read (page-cache.ts).
 */
const MIN_FLUSH_BEHIND_BYTES = 16 * 1024 * 1024;

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException)?.code === "ENOENT";
}

/** An upload that is not there: absent, or an older version's folder (EISDIR), which this version does not continue. */
function isMissingUpload(error: unknown): boolean {
  return isMissing(error) || (error as NodeJS.ErrnoException)?.code === "EISDIR";
}

/** Makes a rename durable: the directory entry itself is flushed. */
async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export class FilesystemStorageDriver implements StorageDriver {
  readonly name = "filesystem";
  readonly statsLocally = true;

  constructor(private readonly root: string) {}

  private blobPath(digest: string): string {
    const parsed = tryParseDigest(digest);
    if (!parsed) throw new Error(`invalid digest ${JSON.stringify(digest)}`);
    return path.join(this.root, "blobs", parsed.algorithm, parsed.hex.slice(0, 2), parsed.hex);
  }

  private uploadPath(id: string): string {
    assertUploadId(id);
    return path.join(this.root, "uploads", id);
  }

  async statBlob(digest: string): Promise<{ size: number } | null> {
    try {
      return { size: (await stat(this.blobPath(digest))).size };
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async readBlob(digest: string, range?: ByteRange): Promise<Readable | null> {
    let handle;
    try {
      handle = await open(this.blobPath(digest), "r");
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    // Reading from the opened handle means a concurrent delete cannot cut the stream short.
    // Small blobs (configs, tiny layers) get a buffer their size, not a megabyte each.
    const size = range ? range.end - range.start + 1 : (await handle.stat()).size;
    const highWaterMark = Math.max(1, Math.min(IO_CHUNK_BYTES, size));
    return createReadStream("", { fd: handle, start: range?.start, end: range?.end, highWaterMark });
  }

  async sendBlob(digest: string, destination: Writable, range?: ByteRange): Promise<boolean> {
    let handle;
    try {
      handle = await open(this.blobPath(digest), "r");
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
    try {
      const start = range?.start ?? 0;
      const end = range ? range.end + 1 : (await handle.stat()).size;
      // A large blob streams through the page cache rather than settling in it (page-cache.ts).
      await sendFileRange(handle, destination, start, end, end - start >= MIN_FLUSH_BEHIND_BYTES ? MIN_FLUSH_BEHIND_BYTES : 0);
      return true;
    } finally {
      await handle.close();
    }
  }

  async deleteBlob(digest: string): Promise<void> {
    await rm(this.blobPath(digest), { force: true });
  }

  async createUpload(id: string): Promise<void> {
    const file = this.uploadPath(id);
    try {
      await writeFile(file, "", { flag: "w" });
    } catch (error) {
      // uploads/ is made when the first upload finds it missing (a new or cleared store).
      if (!isMissing(error)) throw error;
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, "", { flag: "w" });
    }
  }

  async writeUpload(id: string, offset: number, source: AsyncIterable<Uint8Array>): Promise<number> {
    let handle;
    try {
      handle = await open(this.uploadPath(id), "r+");
    } catch (error) {
      if (isMissingUpload(error)) throw new StorageNotFoundError(`upload ${id}`);
      throw error;
    }
    try {
      return await writeChunksAt(handle, offset, source, MIN_FLUSH_BEHIND_BYTES);
    } finally {
      await handle.close();
    }
  }

  async readUpload(id: string, length: number): Promise<Readable> {
    let handle: FileHandle;
    try {
      handle = await open(this.uploadPath(id), "r");
    } catch (error) {
      if (isMissing(error)) throw new StorageNotFoundError(`upload ${id}`);
      throw error;
    }
    // Opening an older version's folder for reading succeeds; reading it would not.
    const isFolder = await handle.stat().then(
      (info) => info.isDirectory(),
      async (error: unknown) => {
        await handle.close();
        throw error;
      },
    );
    if (isFolder) {
      await handle.close();
      throw new StorageNotFoundError(`upload ${id}`);
    }
    if (length === 0) {
      await handle.close();
      return Readable.from([]);
    }
    return createReadStream("", { fd: handle, start: 0, end: length - 1, highWaterMark: IO_CHUNK_BYTES });
  }

  async commitUpload(id: string, digest: string, size: number): Promise<boolean> {
    const source = this.uploadPath(id);
    const target = this.blobPath(digest);
    let handle;
    try {
      handle = await open(source, "r+");
    } catch (error) {
      if (isMissingUpload(error)) throw new StorageNotFoundError(`upload ${id}`);
      throw error;
    }
    try {
      await handle.truncate(size);
      await handle.sync();
      // What the writes' own flushes left cached (the tail, a write then in flight). Blobs
      // too small to be flushed while written (configs, small layers) stay cached: every
      // pull reads them, and they take little room.
      if (size >= MIN_FLUSH_BEHIND_BYTES) await dropCleanPages(handle, 0, 0);
    } finally {
      await handle.close();
    }
    if (await this.statBlob(digest)) {
      await this.deleteUpload(id);
      return false;
    }
    try {
      await rename(source, target);
    } catch (error) {
      // The first blob under this two-hex prefix: its folder is made then.
      if (!isMissing(error)) throw error;
      await mkdir(path.dirname(target), { recursive: true });
      await rename(source, target);
    }
    // The moved blob's name made durable; the upload's file has become the blob, nothing is left to remove.
    await fsyncDirectory(path.dirname(target));
    return true;
  }

  async deleteUpload(id: string): Promise<void> {
    // recursive: an older version's folder goes the same way.
    await rm(this.uploadPath(id), { recursive: true, force: true });
  }

  async listUploads(): Promise<UploadArea[]> {
    let entries: string[];
    try {
      entries = await readdir(path.join(this.root, "uploads"));
    } catch (error) {
      if (isMissing(error)) return [];
      throw error;
    }
    const areas: UploadArea[] = [];
    for (const id of entries) {
      try {
        areas.push({ id, modifiedAt: (await stat(path.join(this.root, "uploads", id))).mtime });
      } catch (error) {
        if (!isMissing(error)) throw error;
      }
    }
    return areas;
  }
}
