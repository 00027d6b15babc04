/**
 * Blob reads and deletes (spec "Pulling blobs", "Checking if content exists", "Deleting
 * Blobs"). Content streams from the storage driver to the socket; nothing is buffered.
 */
import { pipeline } from "node:stream/promises";
import { parseDigestOrThrow } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryContext } from "@/lib/registry/http/context";
import { parseByteRange } from "@/lib/registry/http/ranges";
import { sendEmpty } from "@/lib/registry/http/respond";
import { findRepositoryBlob, unlinkBlob } from "@/lib/registry/metadata/blobs";
import { findRepository } from "@/lib/registry/metadata/repositories";

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

// GET|HEAD /v2/<name>/blobs/<digest>: the blob, or the requested byte range of it.
export async function getBlob(context: RegistryContext): Promise<void> {
  const { req, res } = context;
  const { digest } = parseDigestOrThrow(context.match.digest);
  const blob = await findRepositoryBlob(context.options.prisma, context.name, digest);
  if (!blob) throw blobUnknown(digest);
  const { size } = blob;
  const headers = {
    "Content-Type": "application/octet-stream",
    "Docker-Content-Digest": digest,
    "Accept-Ranges": "bytes",
    ETag: `"${digest}"`,
    "Cache-Control": "max-age=31536000",
  };
  const range = parseByteRange(req.headers.range, size);
  if (range.kind === "unsatisfiable") {
    sendEmpty(res, 416, { ...headers, "Content-Range": `bytes */${size}` });
    return;
  }
  const partial = range.kind === "partial" ? { start: range.start, end: range.end } : undefined;
  const length = partial ? partial.end - partial.start + 1 : size;
  const status = partial ? 206 : 200;
  const rangeHeader = partial ? { "Content-Range": `bytes ${partial.start}-${partial.end}/${size}` } : {};
  if (req.method === "HEAD" || length === 0) {
    if (!(await context.options.storage.statBlob(digest))) throw contentMissing(context, digest);
    res.writeHead(status, { ...headers, ...rangeHeader, "Content-Length": length });
    res.end();
    return;
  }
  const stream = await context.options.storage.readBlob(digest, partial);
  if (!stream) throw contentMissing(context, digest);
  res.writeHead(status, { ...headers, ...rangeHeader, "Content-Length": length });
  try {
    await pipeline(stream, res);
  } catch (error) {
    if (!isClientGone(error)) throw error;
  }
}

// DELETE /v2/<name>/blobs/<digest>: unlinks the blob from this repository (the bytes go with the last link).
export async function deleteBlob(context: RegistryContext): Promise<void> {
  const { digest } = parseDigestOrThrow(context.match.digest);
  const repository = await findRepository(context.options.prisma, context.name);
  if (!repository || !(await unlinkBlob(context.options.prisma, context.options.storage, repository.id, digest))) throw blobUnknown(digest);
  sendEmpty(context.res, 202, { "Docker-Content-Digest": digest });
}
