/**
 * Reads a stored blob for the bundle writer without a fresh buffer per megabyte: through
 * the driver's sendBlob (the download path), which reads into a few reused buffers and
 * refills one only after its write was reported done (the filesystem driver's
 * send-file.ts reads up to four buffers ahead). Here a "write" is reported done when the
 * consumer asks for the next chunk, so each chunk yielded is valid only until then. That
 * is exactly what writeUpload promises (driver.ts, chunk ownership), so a bundle flows
 * from the store into the store without allocating per megabyte: the dropped 1 MiB read
 * buffers were most of a build's memory growth.
 */
import { Writable } from "node:stream";
import type { StorageDriver } from "@/lib/registry/storage/driver";

interface PendingWrite {
  chunk: Buffer;
  done: (error?: Error | null) => void;
}

/** Streams blob `digest`; each chunk is valid until the next is asked for. Throws `absent()` when the store has no such blob. */
export async function* streamStoredBlob(storage: StorageDriver, digest: string, absent: () => Error): AsyncGenerator<Buffer> {
  const pending: PendingWrite[] = [];
  let wake: (() => void) | null = null;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      pending.push({ chunk, done });
      wake?.();
    },
  });
  // The error reaches sendBlob through its write callbacks; the event itself needs a listener.
  sink.on("error", () => undefined);
  let outcome: { found: boolean } | { error: unknown } | null = null;
  const sending = storage.sendBlob(digest, sink).then(
    (found) => void (outcome = { found }),
    (error: unknown) => void (outcome = { error }),
  );
  void sending.then(() => wake?.());
  let current: PendingWrite | undefined;
  try {
    for (;;) {
      current = pending.shift();
      if (current) {
        yield current.chunk;
        current.done();
        current = undefined;
        continue;
      }
      if (outcome) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
    const result = outcome as { found: boolean } | { error: unknown };
    if ("error" in result) throw result.error;
    if (!result.found) throw absent();
  } finally {
    if (!outcome) {
      // The consumer stopped early (a failure elsewhere, an abort): end the send and wait
      // until the driver has its buffers back.
      const stopped = new Error("the bundle writer stopped reading the blob");
      for (const write of [...(current ? [current] : []), ...pending.splice(0)]) write.done(stopped);
      sink.destroy(stopped);
      await sending;
    }
  }
}
