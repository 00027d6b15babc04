/**
 * Network reads arrive in chunks of 16–64 KiB; written one by one, each becomes its own
 * write on the thread pool, and the socket waits for every round trip. Gathering them
 * into larger buffers lets the file take a few large writes instead.
 */

/** Re-chunks `source` into buffers of at least `minBytes` (the last may be smaller). */
export async function* coalesceChunks(source: AsyncIterable<Uint8Array>, minBytes: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of source) {
    pending.push(chunk as Buffer);
    pendingBytes += chunk.length;
    if (pendingBytes >= minBytes) {
      yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
      pending = [];
      pendingBytes = 0;
    }
  }
  if (pendingBytes > 0) yield pending.length === 1 ? pending[0]! : Buffer.concat(pending, pendingBytes);
}
