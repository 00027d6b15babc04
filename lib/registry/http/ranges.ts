/**
 * Byte ranges on the wire: `Range` on blob GET (RFC 9110 §14, single range only) and
 * the upload protocol's `Content-Range` / `Range` headers (spec "Pushing a blob in chunks").
 */

export type ByteRangeRequest =
  | { kind: "full" }
  | { kind: "partial"; start: number; end: number }
  | { kind: "unsatisfiable" };

/**
 * Interprets a GET `Range` header against a blob of `size` bytes. A missing, malformed
 * or multi-range header is ignored (RFC 9110 allows serving the whole representation).
 */
export function parseByteRange(header: string | undefined, size: number): ByteRangeRequest {
  if (!header) return { kind: "full" };
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === "" && match[2] === "")) return { kind: "full" };
  if (match[1] === "") {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) return { kind: "unsatisfiable" };
    return { kind: "partial", start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (!Number.isSafeInteger(start) || start >= size) return { kind: "unsatisfiable" };
  if (end < start) return { kind: "full" };
  return { kind: "partial", start, end };
}

/**
 * Parses an upload chunk's `Content-Range`. The spec's form is `<start>-<end>` (inclusive);
 * `bytes <start>-<end>/<total>` and `bytes=<start>-<end>` are accepted too because some
 * clients send the HTTP form. Returns null when malformed.
 */
export function parseContentRange(header: string): { start: number; end: number } | null {
  const match = /^\s*(?:bytes[\s=]+)?(\d+)-(\d+)(?:\/(?:\d+|\*))?\s*$/i.exec(header);
  if (!match) return null;
  const start = Number(match[1]);
  const end = Number(match[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) return null;
  return { start, end };
}

/**
 * The upload `Range` header for a session holding `size` bytes: `0-<last byte>`.
 * An empty session answers `0-0`, as CNCF distribution does and clients expect.
 */
export function formatUploadRange(size: number): string {
  return `0-${Math.max(0, size - 1)}`;
}
