/**
 * Small response and request helpers shared by the /v2/ handlers. Handlers never render
 * errors; they throw RegistryError and the dispatcher calls sendRegistryError.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { lingerAfterRefusal } from "@/lib/http/body-limits";
import { renderRegistryErrorBody, type RegistryError } from "@/lib/registry/errors";

/** Sends a JSON body with an exact Content-Length (no body for HEAD). */
export function sendJson(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  const payload = Buffer.from(JSON.stringify(body));
  res.writeHead(status, { "Content-Type": "application/json", "Content-Length": payload.length, ...headers });
  res.end(req.method === "HEAD" ? undefined : payload);
}

/** Sends a status with headers and no body. */
export function sendEmpty(res: ServerResponse, status: number, headers: OutgoingHttpHeaders = {}): void {
  res.writeHead(status, { "Content-Length": 0, ...headers });
  res.end();
}

/**
 * Renders an OCI error. A request body left unread (an upload refused by its size or its
 * quota) is dropped for a moment and the connection then closed, so a client still
 * sending gets this answer instead of a reset (lib/http/body-limits.ts).
 */
export function sendRegistryError(req: IncomingMessage, res: ServerResponse, error: RegistryError, requestId?: string): void {
  const isBodyUnread = hasUnreadBody(req);
  sendJson(req, res, error.status, renderRegistryErrorBody(error, requestId), { ...error.headers });
  if (isBodyUnread) lingerAfterRefusal(req);
}

/** Whether the request announced a body that nobody has read yet. */
export function hasUnreadBody(req: IncomingMessage): boolean {
  if (req.readableEnded || req.complete) return false;
  const length = Number(req.headers["content-length"] ?? 0);
  return length > 0 || req.headers["transfer-encoding"] !== undefined;
}

/** Whether the request carries a body at all (Content-Length above zero, or chunked). */
export function hasRequestBody(req: IncomingMessage): boolean {
  const length = req.headers["content-length"];
  if (length !== undefined) return Number(length) > 0;
  return req.headers["transfer-encoding"] !== undefined;
}

/** The declared Content-Length, or null when absent or malformed. */
export function readContentLength(req: IncomingMessage): number | null {
  const value = req.headers["content-length"];
  if (value === undefined || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/** Reads a small body (manifests, token forms) into memory, throwing `tooLarge()` past `maxBytes`. */
export async function readSmallBody(req: IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<Buffer> {
  const declared = readContentLength(req);
  if (declared !== null && declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > maxBytes) throw tooLarge();
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks, total);
}

export function blobPath(name: string, digest: string): string {
  return `/v2/${name}/blobs/${digest}`;
}

export function uploadPath(name: string, id: string): string {
  return `/v2/${name}/blobs/uploads/${id}`;
}

export function manifestPath(name: string, reference: string): string {
  return `/v2/${name}/manifests/${reference}`;
}

/** The headers of a blob answer (content-addressed, so cacheable for a year), for the registry's blobs and the proxy's alike. */
export function blobHeaders(digest: string, size: number | null): Record<string, string | number> {
  const headers: Record<string, string | number> = {
    "Content-Type": "application/octet-stream",
    "Docker-Content-Digest": digest,
    "Accept-Ranges": "bytes",
    ETag: `"${digest}"`,
    "Cache-Control": "max-age=31536000",
  };
  if (size !== null) headers["Content-Length"] = size;
  return headers;
}
