/**
 * The download of a bundle as an HTTP response (a web `Response`, as route handlers
 * return): the tar streamed from the blob store, `Content-Length`, `Accept-Ranges` and a
 * single `Range` (206 with `Content-Range`, 416 when unsatisfiable, RFC 9110 §14) so an
 * interrupted download resumes, and the sha256 published beside it in `Digest`-style
 * headers. Nothing is read into memory.
 */
import { Readable } from "node:stream";
import { parseByteRange } from "@/lib/registry/http/ranges";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import type { BundleDownload } from "./bundles";

/** The response for `download`, honouring the request's Range header. */
export async function createBundleResponse(storage: StorageDriver, download: BundleDownload, rangeHeader: string | null): Promise<Response> {
  const hex = download.digest.replace(/^sha256:/, "");
  const headers: Record<string, string> = {
    "Content-Type": "application/x-tar",
    "Content-Disposition": `attachment; filename="${download.filename}"`,
    "Accept-Ranges": "bytes",
    "Cache-Control": "no-store",
    ETag: `"${download.digest}"`,
    "X-Checksum-Sha256": hex,
    "Docker-Content-Digest": download.digest,
  };
  const range = parseByteRange(rangeHeader ?? undefined, download.size);
  if (range.kind === "unsatisfiable") {
    return new Response(null, { status: 416, headers: { ...headers, "Content-Range": `bytes */${download.size}` } });
  }
  const byteRange = range.kind === "partial" ? { start: range.start, end: range.end } : undefined;
  const stream = await storage.readBlob(download.digest, byteRange);
  if (!stream) {
    return Response.json({ error: { code: "not_found", message: "The bundle's content is missing from the blob store; build it again." } }, { status: 404 });
  }
  const body = readOnDemand(stream);
  if (byteRange) {
    headers["Content-Range"] = `bytes ${byteRange.start}-${byteRange.end}/${download.size}`;
    headers["Content-Length"] = String(byteRange.end - byteRange.start + 1);
    return new Response(body, { status: 206, headers });
  }
  headers["Content-Length"] = String(download.size);
  return new Response(body, { status: 200, headers });
}

/**
 * A web stream over `source` that reads a chunk only when the response asks for one, and
 * destroys the source when the client goes away. Not `Readable.toWeb`: its adapter pushes
 * from the source's 'data' events, and one that arrives after an interrupted download
 * closed the web stream is enqueued on a closed controller, an uncaught TypeError that
 * would end the process.
 */
function readOnDemand(source: Readable): ReadableStream<Uint8Array> {
  const chunks = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(value as Uint8Array);
      },
      async cancel() {
        source.destroy();
        await chunks.return?.();
      },
    },
    { highWaterMark: 0 },
  );
}
