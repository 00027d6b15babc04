/**
 * How the filesystem driver writes an upload's chunks into its file, keeping the driver
 * contract's chunk ownership (driver.ts, writeUpload): no chunk is referenced once the next
 * one is asked for, so a source may refill one buffer for every chunk.
 *
 * - A chunk of DIRECT_BYTES or more (the proxy's 1 MiB reads, the bundle writer's store
 *   reads) is written as it is; the next is asked for once that write completed.
 * - Smaller chunks (a socket's 16–64 KiB reads, tar headers) are copied into one of two
 *   pooled 256 KiB batches, so the file gets fewer, larger writes, and one batch is written
 *   while the other fills (what the WriteStream this replaces did by holding the chunks),
 *   never two at once.
 *
 * Every write names its position and starts only once the previous one finished, batch or
 * direct.
 *
 * Each time another flushDistance() more bytes were written an fdatasync starts in the
 * background (one at a time), so the disk writes while the source produces the next bytes;
 * the last flush is awaited before this resolves, and a failed flush fails the write. Once
 * a flush is done, the pages it made clean are dropped from the page cache (page-cache.ts),
 * so the rest of the write reuses them. A write shorter than `minFlushBytes` leaves all
 * flushing, and dropping, to the commit.
 */
import type { FileHandle } from "node:fs/promises";
import { dropCleanPages } from "@/lib/registry/storage/page-cache";

/** Past `minFlushBytes × FLUSH_DISTANCE_FRACTION` written, the flush distance grows with the write. */
const FLUSH_DISTANCE_FRACTION = 16;

/**
 * How far the next flush starts behind the last one, once `written` bytes were written:
 * `minFlushBytes`, or a sixteenth of the write so far when that is more. The commit's own
 * fsync, which the client waits for, then finds at most that much left: a 100 MiB layer
 * ends with at most 16 MiB unflushed, a 1 GiB bundle with 64 MiB, in some 37 flushes
 * rather than 64 (docs/registry-performance-log.md, "ninth look").
 */
export function flushDistance(written: number, minFlushBytes: number): number {
  return Math.max(minFlushBytes, Math.floor(written / FLUSH_DISTANCE_FRACTION));
}

/**
 * 256 KiB rather than 1 MiB: on these VMs 1 MiB writes cost about 1.1 s more kernel time
 * per GiB, all of it in the copy into the page cache (why larger writes cost more there
 * was not pinned down), and a 1 GiB PUT ran at 304–383 MiB/s against 252–273 (alternating,
 * 2026-12-02); 128 KiB was no better, 64 KiB worse (more writes).
 */
const BATCH_BYTES = 256 * 1024;
const DIRECT_BYTES = 256 * 1024;
/** Batches kept for the next uploads; more concurrent uploads allocate and drop their own. */
const MAX_POOLED = 16;
const pool: Buffer[] = [];

function borrow(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(BATCH_BYTES);
}

async function writeFully(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  for (let done = 0; done < bytes.length; ) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    done += bytesWritten;
  }
}

/** Writes `source` from byte `offset` of the open file and resolves with the bytes written; rejects when the source or a write fails. */
export async function writeChunksAt(handle: FileHandle, offset: number, source: AsyncIterable<Uint8Array>, minFlushBytes: number): Promise<number> {
  const batches: Buffer[] = [];
  const writes: Promise<void>[] = [Promise.resolve(), Promise.resolve()];
  let current = 0;
  let filled = 0;
  let batchStart = offset;
  let position = offset;
  let flushing: Promise<void> | null = null;
  let flushedUpTo = offset;

  /**
   * Starts a background flush when enough was written since the last one started and none
   * runs; once flushed, what it covered leaves the page cache. A write still in flight when
   * the flush started may stay dirty and so cached; the commit drops the whole file.
   */
  const flushBehind = () => {
    if (flushing || position - flushedUpTo < flushDistance(position - offset, minFlushBytes)) return;
    const flushFrom = flushedUpTo;
    const flushTo = position;
    flushedUpTo = flushTo;
    flushing = handle
      .datasync()
      .then(() => dropCleanPages(handle, flushFrom, flushTo - flushFrom))
      .then(() => {
        flushing = null;
      });
    flushing.catch(() => undefined); // awaited at the end; a failure must not surface as unhandled first
  };

  /**
   * Starts writing the current batch once the other one's write is done, and then fills
   * that other one. One write at a time: two writes to one file take turns on its inode
   * lock anyway, and the waiting one spun on it (perf: 12% of the registry's kernel
   * samples in `rwsem_spin_on_owner` during a 1 GiB PUT, 2026-12-02).
   */
  const flush = async () => {
    if (filled === 0) return;
    await writes[1 - current];
    const write = writeFully(handle, batches[current]!.subarray(0, filled), batchStart);
    write.catch(() => undefined); // awaited by the next flush or at the end; a failure must not surface as unhandled first
    writes[current] = write;
    current = 1 - current;
    filled = 0;
  };

  try {
    for await (const chunk of source) {
      if (chunk.length >= DIRECT_BYTES) {
        await flush();
        await writes[1 - current]; // the batch just started: still one write at a time
        await writeFully(handle, chunk, position);
        position += chunk.length;
        flushBehind();
        continue;
      }
      for (let copied = 0; copied < chunk.length; ) {
        if (filled === 0) {
          batches[current] ??= borrow();
          batchStart = position;
        }
        const length = Math.min(chunk.length - copied, BATCH_BYTES - filled);
        batches[current]!.set(chunk.subarray(copied, copied + length), filled);
        filled += length;
        copied += length;
        position += length;
        if (filled === BATCH_BYTES) {
          await flush();
          flushBehind();
        }
      }
    }
    await flush();
    await Promise.all(writes);
    await flushing;
    return position - offset;
  } finally {
    // A batch goes back to the pool only once no write reads from it any more; the file
    // is closed after this returns, so no flush may still be running either.
    await Promise.allSettled([...writes, flushing ?? Promise.resolve()]);
    for (const batch of batches) if (batch && pool.length < MAX_POOLED) pool.push(batch);
  }
}
