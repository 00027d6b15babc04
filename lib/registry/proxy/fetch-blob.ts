/**
 * Filling the cache with one blob from the upstream, while the first client receives it.
 *
 * Protocol: one fill per (cache repository, digest) runs at a time in a process (single
 * flight); requests arriving meanwhile wait for it and then read the stored blob. The
 * upstream body is gathered into 1 MiB buffers and read ahead of the store by a few of
 * them, so the network read, the client's socket and the blob writer's file overlap
 * instead of taking turns. The blob writer (services/blob-writer.ts) hashes while it
 * writes and publishes only verified content; the leader's client gets each buffer as it
 * passes except the last, which is held until that same hash matched the digest (the
 * client need not wait for the store's fsync). So a client never receives a whole blob
 * that does not match its digest: on a mismatch the writer discards the file and the
 * leader's connection is cut short of its Content-Length. A client that goes away does
 * not stop the fill (others may be waiting for it). A blob already stored for another
 * repository is linked after a HEAD upstream confirms this repository has it, without
 * moving its bytes again.
 */
import type { ServerResponse } from "node:http";
import { Readable } from "node:stream";
import { blobHeaders } from "@/lib/registry/http/respond";
import { linkStoredBlob, writeBlob } from "@/lib/registry/services/blob-writer";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { describeUpstreamFailure, readHeader, requestUpstream, type UpstreamTarget } from "@/lib/registry/proxy/upstream";
import { coalesceChunks } from "@/lib/registry/storage/coalesce-chunks";
import type { StorageDriver } from "@/lib/registry/storage/driver";

/**
 * Upstream network chunks (16-64 KiB) are gathered into buffers of this size: one socket
 * write, one hash update and one file write per MiB instead of per network read.
 */
const BUFFER_BYTES = 1024 * 1024;
/** How many buffers the upstream read may run ahead of the blob writer. */
const READ_AHEAD_BUFFERS = 8;

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
 * (abort). Writes never block the fill on a client that left.
 */
class ClientRelay {
  private held: Buffer | null = null;

  constructor(private readonly res: ServerResponse) {}

  private get isGone(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  private waitForDrain(): Promise<void> {
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

  /** Passes `source` through, writing every buffer but the latest to the client as it goes. */
  async *relay(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
    for await (const buffer of source) {
      if (this.held && !this.isGone) this.res.write(this.held);
      this.held = buffer;
      yield buffer;
      await this.waitForDrain();
    }
  }

  /** The blob matched its digest: the client gets the last buffer and the end. */
  release(): void {
    if (this.isGone) return;
    if (this.held) this.res.write(this.held);
    this.held = null;
    this.res.end();
  }

  /** The fill failed: the response ends short of its length, so the client sees an error. */
  abort(): void {
    this.held = null;
    if (!this.isGone) this.res.destroy();
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
  const { response, session } = await requestUpstream(proxy.sessions, upstream, "GET", path);
  if (response.status !== 200) throw await describeUpstreamFailure(upstream, session, response, what);
  const length = Number(readHeader(response, "content-length"));
  const size = Number.isSafeInteger(length) && length >= 0 ? length : null;
  const relay = client && !client.headersSent ? new ClientRelay(client) : null;
  if (relay) client!.writeHead(200, blobHeaders(digest, size));
  try {
    const buffers = coalesceChunks(response.body, BUFFER_BYTES);
    const source = Readable.from(relay ? relay.relay(buffers) : buffers, { highWaterMark: READ_AHEAD_BUFFERS });
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
