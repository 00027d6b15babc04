/**
 * Blob reads and deletes (spec "Pulling blobs", "Checking if content exists", "Deleting
 * Blobs"). Content streams from the storage driver to the socket; nothing is buffered.
 */
import { parseDigestOrThrow } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryContext } from "@/lib/registry/http/context";
import { parseByteRange } from "@/lib/registry/http/ranges";
import type { ByteRange } from "@/lib/registry/storage/driver";
import { blobHeaders, sendEmpty } from "@/lib/registry/http/respond";
import { confirmRepositoryBlob, findRepositoryBlob, unlinkBlob } from "@/lib/registry/metadata/blobs";
import { findRepository } from "@/lib/registry/metadata/repositories";

/** How long a redirect's presigned URL stays valid: enough to start a large download, short enough not to be shared. */
const BLOB_REDIRECT_SECONDS = 20 * 60;

function blobUnknown(digest: string): RegistryError {
  return new RegistryError("BLOB_UNKNOWN", undefined, { digest });
}

/** Whether a stream error only means the client stopped reading. */
export function isClientGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException)?.code;
  return code === "ERR_STREAM_PREMATURE_CLOSE" || code === "ECONNRESET" || code === "EPIPE" || code === "ERR_STREAM_DESTROYED";
}

function contentMissing(context: RegistryContext, digest: string): RegistryError {
  // Metadata that outlived its bytes (a crash in the middle of a delete) reads as absent,
  // so clients upload the blob again and the commit restores it.
  context.logger.error("blob metadata without content", { digest, repository: context.name });
  return blobUnknown(digest);
}

/**
 * Streams the body. Headers go out with the first byte, so content found missing at this
 * point still gets a clean 404 instead of a truncated 200.
 */
async function sendBody(context: RegistryContext, digest: string, status: number, headers: Record<string, string | number>, range?: ByteRange): Promise<void> {
  const { res } = context;
  res.statusCode = status;
  for (const [header, value] of Object.entries(headers)) res.setHeader(header, value);
  let isSent: boolean;
  try {
    isSent = await context.options.storage.sendBlob(digest, res, range);
  } catch (error) {
    if (!isClientGone(error)) throw error;
    res.destroy();
    return;
  }
  if (!isSent) {
    for (const header of Object.keys(headers)) res.removeHeader(header);
    throw contentMissing(context, digest);
  }
  res.end();
}

// GET|HEAD /v2/<name>/blobs/<digest>: the blob, or the requested byte range of it.
export async function getBlob(context: RegistryContext): Promise<void> {
  const { req, res } = context;
  const { storage } = context.options;
  const { digest } = parseDigestOrThrow(context.match.digest);
  const isHead = req.method === "HEAD";
  // Content the store lacks is in no repository: a push's HEAD for each new layer is
  // answered without a statement where the store answers locally. (Metadata that outlived
  // its content then reads as absent without the log line below; a GET still logs it.)
  const stored = isHead && storage.statsLocally ? await storage.statBlob(digest) : undefined;
  if (stored === null) throw blobUnknown(digest);
  // A HEAD usually means "may I skip this upload": the answer keeps the blob through the garbage collector's grace period.
  const blob = await (isHead ? confirmRepositoryBlob : findRepositoryBlob)(context.options.prisma, context.name, digest);
  if (!blob) throw blobUnknown(digest);
  const headers = blobHeaders(digest, null);
  const range = parseByteRange(req.headers.range, blob.size);
  if (range.kind === "unsatisfiable") {
    sendEmpty(res, 416, { ...headers, "Content-Range": `bytes */${blob.size}` });
    return;
  }
  if (req.method === "GET" && context.options.redirectBlobs && storage.presignBlob && blob.size > 0) {
    // As distribution does: the client fetches the bytes (and any Range) from the store itself.
    sendEmpty(res, 307, { ...headers, Location: await storage.presignBlob(digest, BLOB_REDIRECT_SECONDS) });
    return;
  }
  const partial = range.kind === "partial" ? { start: range.start, end: range.end } : undefined;
  if (partial) headers["Content-Range"] = `bytes ${partial.start}-${partial.end}/${blob.size}`;
  headers["Content-Length"] = partial ? partial.end - partial.start + 1 : blob.size;
  const status = partial ? 206 : 200;
  if (!isHead && headers["Content-Length"] !== 0) return sendBody(context, digest, status, headers, partial);
  if (!(stored ?? (await storage.statBlob(digest)))) throw contentMissing(context, digest);
  res.writeHead(status, headers);
  res.end();
}

// DELETE /v2/<name>/blobs/<digest>: unlinks the blob from this repository (the bytes go with the last link).
export async function deleteBlob(context: RegistryContext): Promise<void> {
  const { digest } = parseDigestOrThrow(context.match.digest);
  const repository = await findRepository(context.options.prisma, context.name);
  if (!repository || !(await unlinkBlob(context.options.prisma, context.options.storage, repository.id, digest))) throw blobUnknown(digest);
  sendEmpty(context.res, 202, { "Docker-Content-Digest": digest });
}
