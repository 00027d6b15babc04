/**
 * Filling the cache with one blob from the upstream, while the first client receives it.
 *
 * Protocol: one fill per (cache repository, digest) runs at a time in a process (single
 * flight); requests arriving meanwhile wait for it and then read the stored blob. The
 * fill streams the upstream body into the blob writer (services/blob-writer.ts), which
 * hashes while writing and publishes only verified content, and relays each chunk to
 * the leader's client as it passes, except the last: that one is held until the relay's
 * own hash of the bytes matches the digest (the writer checks again before it publishes,
 * and the client need not wait for the store's fsync). So a client never receives a
 * whole blob that does not match its digest: on a mismatch the writer discards the file
 * and the leader's connection is cut short of its Content-Length. A client that goes away
 * does not stop the fill (others may be waiting for it). A blob already stored for
 * another repository is linked after a HEAD upstream confirms this repository has it,
 * without moving its bytes again.
 */
import { createHash, type Hash } from "node:crypto";
import type { ServerResponse } from "node:http";
import { parseDigestOrThrow, type ParsedDigest } from "@/lib/registry/digests";
import { blobHeaders } from "@/lib/registry/http/respond";
import { linkStoredBlob, writeBlob } from "@/lib/registry/services/blob-writer";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { describeUpstreamFailure, readHeader, requestUpstream, type UpstreamTarget } from "@/lib/registry/proxy/upstream";
import { coalesceChunks } from "@/lib/registry/storage/coalesce-chunks";
import type { StorageDriver } from "@/lib/registry/storage/driver";

/** Upstream chunks are gathered into writes of this size (see coalesce-chunks.ts). */
const WRITE_CHUNK_BYTES = 1024 * 1024;

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
 * Relays the upstream's bytes to the leader's client, hashing them on the way, and holds
 * back the last chunk until the whole blob is known to match its digest. Writes never
 * block the fill on a client that left.
 */
class ClientRelay {
  private held: Buffer | null = null;
  private readonly hash: Hash;

  constructor(
    private readonly res: ServerResponse,
    private readonly digest: ParsedDigest,
  ) {
    this.hash = createHash(digest.algorithm);
  }

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

  /**
   * Passes the source through to the writer. The client gets every chunk but the last as
   * it passes; the last once the bytes hash to the digest, which is as soon as the source
   * ends (the store's fsync and commit go on without the client waiting for them). On a
   * mismatch the response is cut short of its length, so the client sees an error.
   */
  async *relay(source: AsyncIterable<Uint8Array>): AsyncGenerator<Buffer> {
    for await (const chunk of source) {
      const buffer = chunk as Buffer;
      this.hash.update(buffer);
      if (this.held && !this.isGone) this.res.write(this.held);
      this.held = buffer;
      yield buffer;
      await this.waitForDrain();
    }
    if (this.isGone) return;
    if (`${this.digest.algorithm}:${this.hash.digest("hex")}` !== this.digest.digest) {
      this.res.destroy();
      return;
    }
    if (this.held) this.res.write(this.held);
    this.res.end();
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
  const relay = client && !client.headersSent ? new ClientRelay(client, parseDigestOrThrow(digest)) : null;
  if (relay) client!.writeHead(200, blobHeaders(digest, size));
  try {
    const source = coalesceChunks(relay ? relay.relay(response.body) : response.body, WRITE_CHUNK_BYTES);
    await writeBlob(deps, { repositoryId, digest, size, source });
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
