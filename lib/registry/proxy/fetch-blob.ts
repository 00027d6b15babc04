/**
 * Filling the cache with one blob from the upstream, while the first client receives it.
 *
 * Protocol: one fill per (cache repository, digest) runs at a time in a process (single
 * flight); requests arriving meanwhile wait for it and then read the stored blob. The
 * upstream body is read straight into pooled 1 MiB buffers (socket-exchange.ts) up to a
 * few of them ahead of the store; each goes to the client as it arrives, so the network
 * read, the client's socket and the blob writer's file overlap instead of taking turns, and no byte is copied or allocated on the
 * way. A buffer goes back to the pool once both its holders let go: the blob writer (the
 * storage driver is done with a chunk when it asks for the next, driver.ts) and the
 * client's socket (its write callback). The blob writer (services/blob-writer.ts) hashes
 * while it writes and publishes only verified content; the leader's client gets each
 * buffer as it passes except the last, which is held until that same hash matched the
 * digest (the client need not wait for the store's fsync). So a client never receives a
 * whole blob that does not match its digest: on a mismatch the writer discards the file
 * and the leader's connection is cut short of its Content-Length. A client that goes away
 * does not stop the fill (others may be waiting for it). A blob already stored for another
 * repository is linked after a HEAD upstream confirms this repository has it, without
 * moving its bytes again.
 */
import type { ServerResponse } from "node:http";
import { BufferPool, type LentBuffer } from "@/lib/external/socket-exchange";
import { blobHeaders } from "@/lib/registry/http/respond";
import { linkStoredBlob, writeBlob } from "@/lib/registry/services/blob-writer";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { describeUpstreamFailure, readHeader, requestUpstream, type UpstreamTarget } from "@/lib/registry/proxy/upstream";
import type { StorageDriver } from "@/lib/registry/storage/driver";

/** The upstream body lands in buffers of this size: one socket write, one hash update and one file write per MiB. */
const BUFFER_BYTES = 1024 * 1024;
/** How many full buffers the upstream read may run ahead of the blob writer. */
const READ_AHEAD_BUFFERS = 8;
/** Buffers the process keeps for the next fills (16 MiB); concurrent fills beyond it allocate their own. */
const pool = new BufferPool(BUFFER_BYTES, 16);

/** "streamed": the leader's client got the blob as it was written; "stored": everyone reads it from the store. */
export type BlobFill = "streamed" | "stored";

export interface BlobFillRequest {
  proxy: RegistryProxy;
  storage: StorageDriver;
  repositoryId: string;
  upstream: UpstreamTarget;
  digest: string;
}

/**
 * Relays the buffers on their way to the store to the leader's client, holding back the
 * last one until the writer verified the blob (release) or cutting the response short
 * (abort). Each buffer it writes stays retained until the socket is done with it. Writes
 * never block the fill on a client that left.
 */
class ClientRelay {
  private held: LentBuffer | null = null;

  constructor(private readonly res: ServerResponse) {}

  private get isGone(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  private send(buffer: LentBuffer): void {
    if (this.isGone) return buffer.release();
    this.res.write(buffer.bytes, () => buffer.release());
  }

  /** Waits while the client's socket has more queued than its high-water mark (or until it closes). */
  waitForDrain(): Promise<void> {
    if (this.isGone || !this.res.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        this.res.off("drain", done);
        this.res.off("close", done);
        resolve();
      };
      this.res.on("drain", done);
      this.res.on("close", done);
    });
  }

  /** Takes the next buffer (retained until written), writing out the one held before it. */
  hold(buffer: LentBuffer): void {
    buffer.retain();
    if (this.held) this.send(this.held);
    this.held = buffer;
  }

  /** The blob matched its digest: the client gets the last buffer and the end. */
  release(): void {
    const held = this.held;
    this.held = null;
    if (held) this.send(held);
    if (!this.isGone) this.res.end();
  }

  /** The fill failed: the response ends short of its length, so the client sees an error. */
  abort(): void {
    this.held?.release();
    this.held = null;
    if (!this.isGone) this.res.destroy();
  }
}

/**
 * The lent buffers' bytes for the blob writer, each released when the writer asks for the
 * next (the driver contract says it is done with a chunk by then). The client got each
 * buffer as it arrived (relay.hold); waiting for its socket to drain here holds the writer,
 * and so the upstream read, to a slow client's pace.
 */
async function* passLentBuffers(buffers: AsyncIterable<LentBuffer>, relay: ClientRelay | null): AsyncGenerator<Buffer> {
  for await (const buffer of buffers) {
    try {
      yield buffer.bytes;
    } finally {
      buffer.release();
    }
    await relay?.waitForDrain();
  }
}

/**
 * Fetches the blob upstream into the cache. With `client` (the leader of a full GET),
 * the response's headers and bytes go out as they arrive. Throws UpstreamError for
 * upstream failures and the writer's RegistryError for content that does not match.
 */
export async function fillBlob(request: BlobFillRequest, client: ServerResponse | null): Promise<BlobFill> {
  const { proxy, upstream, digest, repositoryId } = request;
  const deps = { prisma: proxy.prisma, storage: request.storage };
  const path = `/v2/${upstream.repository}/blobs/${digest}`;
  const what = `the blob ${digest} of ${upstream.repository}`;
  if (await request.storage.statBlob(digest)) {
    const { response, session } = await requestUpstream(proxy.sessions, upstream, "HEAD", path);
    if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, what);
    response.body.destroy();
    if (await linkStoredBlob(deps, repositoryId, digest)) return "stored";
  }
  const lend = { pool, readAhead: READ_AHEAD_BUFFERS };
  const { response, session } = await requestUpstream(proxy.sessions, upstream, "GET", path, {}, lend);
  if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, what);
  const length = Number(readHeader(response, "content-length"));
  const size = Number.isSafeInteger(length) && length >= 0 ? length : null;
  const relay = client && !client.headersSent ? new ClientRelay(client) : null;
  if (relay) client!.writeHead(200, blobHeaders(digest, size));
  try {
    // The client gets each buffer as it arrives, not at the file writer's pace; the last is held until verified.
    const source = passLentBuffers(response.body.lent(relay ? (buffer) => relay.hold(buffer) : undefined), relay);
    await writeBlob(deps, { repositoryId, digest, size, source, onVerified: () => relay?.release() });
  } catch (error) {
    relay?.abort();
    throw error;
  } finally {
    response.body.destroy();
  }
  return relay ? "streamed" : "stored";
}

/** The upstream's HEAD of a blob not cached: its size, for a HEAD answer (nothing is stored). */
export async function headUpstreamBlob(proxy: RegistryProxy, upstream: UpstreamTarget, digest: string): Promise<number | null> {
  const { response, session } = await requestUpstream(proxy.sessions, upstream, "HEAD", `/v2/${upstream.repository}/blobs/${digest}`);
  if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, `the blob ${digest} of ${upstream.repository}`);
  response.body.destroy();
  const length = Number(readHeader(response, "content-length"));
  return Number.isSafeInteger(length) && length >= 0 ? length : null;
}
