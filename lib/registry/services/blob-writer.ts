/**
 * The blob writer: the one way bytes become a blob, whoever sends them (a chunked upload,
 * a monolithic PUT or POST ?digest=, the pull-through proxy filling its cache). The flow of
 * a blob PUT is http/uploads.ts → here → metadata/blobs.ts → the storage driver.
 *
 * Bytes stream from the source into an upload area of the storage driver and through a
 * hasher at the same time; nothing holds a whole blob. Only after the digest (and the
 * size, when the caller knows it) matched does anything become visible: the driver moves
 * the content into blobs/ atomically, and the Blob row and the repository's link are
 * written in the same transaction (metadata/blobs.ts). A mismatch, a source that fails
 * or an abort discards the area, so an unverified byte is never served.
 *
 * A chunk that starts a session records the sha256 of what it wrote with the session's
 * size (UploadSession.sha256), so the usual POST, PATCH (whole layer), PUT ?digest=
 * needs no second pass (nor a claim: completeHashedUpload); anything else re-reads the
 * stored bytes once at the end.
 */
import { Readable, addAbortSignal } from "node:stream";
import type { PrismaClient } from "@/lib/db/client";
import { DigestTap, digestStream, parseDigestOrThrow, tapDigest, type ParsedDigest } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import { commitHashedUpload, commitUploadedBlob, linkExistingBlob } from "@/lib/registry/metadata/blobs";
import {
  createClaimedUploadSession,
  discardUploadSession,
  keepClaimAlive,
  releaseUploadClaim,
  type UploadClaim,
} from "@/lib/registry/metadata/upload-sessions";
import { StorageNotFoundError, type StorageDriver } from "@/lib/registry/storage/driver";

export interface BlobWriterDeps {
  prisma: PrismaClient;
  storage: StorageDriver;
}

/** What the final bytes must add up to: the last chunk's declared length and/or the whole blob's size (null: unknown). */
interface Expected {
  chunkLength: number | null;
  totalSize: number | null;
  /** Told once the bytes matched the digest, before they are made durable and visible. */
  onVerified?: () => void;
}

function uploadGone(claim: UploadClaim): RegistryError {
  return new RegistryError("BLOB_UPLOAD_UNKNOWN", "the upload was cancelled, expired or taken over by another request", { uuid: claim.id });
}

function sizeMismatch(actual: number | string, expected: number): RegistryError {
  return new RegistryError("SIZE_INVALID", `the content has ${actual} bytes, not the ${expected} announced`, { size: expected });
}

/** Writes `source` at the claim's offset with a heartbeat; on failure the claim is released unchanged. */
async function writeClaimed(deps: BlobWriterDeps, claim: UploadClaim, source: AsyncIterable<Uint8Array>): Promise<number> {
  const heartbeat = keepClaimAlive(deps.prisma, claim);
  try {
    return await deps.storage.writeUpload(claim.id, claim.offset, source);
  } catch (error) {
    await heartbeat.stop();
    await releaseUploadClaim(deps.prisma, claim, claim.offset).catch(() => false);
    if (error instanceof StorageNotFoundError) throw uploadGone(claim);
    throw error;
  } finally {
    await heartbeat.stop();
  }
}

/**
 * Appends one chunk to a claimed session (spec "Chunked upload") and releases the claim
 * with the new size. `expectedLength` (from Content-Range) must match what arrived.
 * Resolves with the session's new size.
 */
export async function appendUploadChunk(
  deps: BlobWriterDeps,
  claim: UploadClaim,
  source: AsyncIterable<Uint8Array>,
  expectedLength: number | null,
): Promise<number> {
  const tap = claim.offset === 0 ? new DigestTap(["sha256"]) : null;
  const written = await writeClaimed(deps, claim, tap ? tapDigest(source, tap) : source);
  if (expectedLength !== null && written !== expectedLength) {
    await releaseUploadClaim(deps.prisma, claim, claim.offset);
    throw new RegistryError("SIZE_INVALID", `the chunk carried ${written} bytes but its Content-Range announced ${expectedLength}`);
  }
  const sha256 = tap && written > 0 ? tap.digest("sha256") : null;
  if (!(await releaseUploadClaim(deps.prisma, claim, claim.offset + written, sha256))) throw uploadGone(claim);
  return claim.offset + written;
}

/** The digest of the session's bytes so far plus an optional final chunk, and the total size. */
async function digestUpload(
  deps: BlobWriterDeps,
  claim: UploadClaim,
  algorithm: ParsedDigest["algorithm"],
  finalChunk: AsyncIterable<Uint8Array> | null,
  totalSize: number | null,
): Promise<{ actual: string; size: number; written: number }> {
  if (!finalChunk) {
    if (claim.offset === 0) return { actual: new DigestTap([algorithm]).digest(algorithm), size: 0, written: 0 };
    const known = algorithm === "sha256" ? claim.sha256 : null;
    const actual = known ?? (await digestStream(await deps.storage.readUpload(claim.id, claim.offset), [algorithm])).digest(algorithm);
    return { actual, size: claim.offset, written: 0 };
  }
  const tap = new DigestTap([algorithm]);
  if (claim.offset > 0) for await (const chunk of await deps.storage.readUpload(claim.id, claim.offset)) tap.update(chunk as Buffer);
  // A source that runs past the announced size is cut off at once rather than stored.
  const limit = totalSize === null ? undefined : { maxBytes: totalSize, tooLarge: () => sizeMismatch(`more than ${totalSize}`, totalSize) };
  const written = await writeClaimed(deps, claim, tapDigest(finalChunk, tap, limit));
  return { actual: tap.digest(algorithm), size: claim.offset + written, written };
}

/** Verifies what a claimed session holds plus `finalChunk` against `digest` and `expected`, then publishes it. */
async function verifyAndPublish(
  deps: BlobWriterDeps,
  claim: UploadClaim,
  digest: ParsedDigest,
  finalChunk: AsyncIterable<Uint8Array> | null,
  expected: Expected,
): Promise<{ size: number }> {
  let result: { actual: string; size: number; written: number };
  try {
    result = await digestUpload(deps, claim, digest.algorithm, finalChunk, expected.totalSize);
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw uploadGone(claim);
    throw error;
  }
  if (expected.chunkLength !== null && result.written !== expected.chunkLength) {
    await releaseUploadClaim(deps.prisma, claim, claim.offset);
    throw new RegistryError("SIZE_INVALID", `the final chunk carried ${result.written} bytes but its Content-Range announced ${expected.chunkLength}`);
  }
  if (expected.totalSize !== null && result.size !== expected.totalSize) {
    await discardUploadSession(deps.prisma, deps.storage, claim.id);
    throw sizeMismatch(result.size, expected.totalSize);
  }
  if (result.actual !== digest.digest) {
    await discardUploadSession(deps.prisma, deps.storage, claim.id);
    throw new RegistryError("DIGEST_INVALID", `the uploaded content has digest ${result.actual}, not ${digest.digest}`, { digest: digest.digest });
  }
  if (claim.isLost) throw uploadGone(claim);
  expected.onVerified?.();
  try {
    await commitUploadedBlob(deps.prisma, deps.storage, { uploadId: claim.id, repositoryId: claim.repositoryId, digest: digest.digest, size: result.size });
  } catch (error) {
    await releaseUploadClaim(deps.prisma, claim, result.size).catch(() => false);
    if (error instanceof StorageNotFoundError) throw uploadGone(claim);
    throw error;
  }
  return { size: result.size };
}

/**
 * Completes an upload (spec "PUT ?digest="): takes the optional final chunk, verifies the
 * whole blob against `digest`, and publishes it. A mismatch discards the session and its
 * bytes (DIGEST_INVALID): nothing unverified is ever kept.
 */
export function finishUpload(
  deps: BlobWriterDeps,
  claim: UploadClaim,
  digest: ParsedDigest,
  finalChunk: AsyncIterable<Uint8Array> | null,
  expectedLength: number | null,
): Promise<{ size: number }> {
  return verifyAndPublish(deps, claim, digest, finalChunk, { chunkLength: expectedLength, totalSize: null });
}

/**
 * Completes an upload whose bytes all arrived already and were hashed on the way in, when
 * they are `digest` (metadata/blobs.ts, commitHashedUpload): no claim, no re-read. Null
 * when the session does not qualify; then claim it and finishUpload, which says why not.
 */
export async function completeHashedUpload(deps: BlobWriterDeps, uploadId: string, repositoryName: string, digest: ParsedDigest): Promise<{ size: number } | null> {
  if (digest.algorithm !== "sha256") return null;
  try {
    return await commitHashedUpload(deps.prisma, deps.storage, { uploadId, repositoryName, digest: digest.digest });
  } catch (error) {
    // The upload's bytes vanished (purged meanwhile): the transaction rolled back, the session is as it was.
    if (error instanceof StorageNotFoundError) throw new RegistryError("BLOB_UPLOAD_UNKNOWN", "the upload's bytes are gone; start the blob again", { uuid: uploadId });
    throw error;
  }
}

export interface WriteBlobInput {
  /** The repository the blob becomes visible in (Repository.id). */
  repositoryId: string;
  /** The digest the content must have; a malformed one is DIGEST_INVALID. */
  digest: string | ParsedDigest;
  /** The content's size when known (a descriptor's, a Content-Length); more or fewer bytes are SIZE_INVALID. */
  size?: number | null;
  /** The bytes: a request, an upstream response, any async iterable of chunks. It is read once, with backpressure. */
  source: AsyncIterable<Uint8Array>;
  /** Aborting stops the write (a Readable source is destroyed) and discards everything written. */
  signal?: AbortSignal;
  /**
   * Called once every byte matched the digest, before the store makes the blob durable and
   * visible: a caller relaying the bytes as they pass may release what it held back.
   */
  onVerified?: () => void;
  /** Who sends it (the registry token's subject), counted against the caps on open sessions while it streams. */
  openedBy?: string | null;
}

function withSignal(source: AsyncIterable<Uint8Array>, signal: AbortSignal | undefined): AsyncIterable<Uint8Array> {
  if (!signal) return source;
  if (source instanceof Readable) return addAbortSignal(signal, source);
  return (async function* () {
    for await (const chunk of source) {
      signal.throwIfAborted();
      yield chunk;
    }
  })();
}

/**
 * Streams a whole blob from `source` into the store, verifies it and makes it visible in
 * the repository; on any failure (mismatch, source error, abort) nothing stays behind.
 * Content already stored is not rewritten: the new copy is dropped and the blob linked.
 */
export async function writeBlob(deps: BlobWriterDeps, input: WriteBlobInput): Promise<{ digest: string; size: number }> {
  const digest = typeof input.digest === "string" ? parseDigestOrThrow(input.digest) : input.digest;
  input.signal?.throwIfAborted();
  const claim = await createClaimedUploadSession(deps.prisma, deps.storage, input.repositoryId, input.openedBy ?? null);
  try {
    const { size } = await verifyAndPublish(deps, claim, digest, withSignal(input.source, input.signal), {
      chunkLength: null,
      totalSize: input.size ?? null,
      onVerified: input.onVerified,
    });
    return { digest: digest.digest, size };
  } catch (error) {
    await discardUploadSession(deps.prisma, deps.storage, claim.id).catch(() => undefined);
    throw error;
  }
}

/**
 * Makes a blob the registry already stores visible in another repository without reading
 * its bytes again (the caller has decided the repository may see it). Null when the
 * registry does not hold it, or its content went missing: then write it with writeBlob.
 */
export async function linkStoredBlob(deps: BlobWriterDeps, repositoryId: string, digest: string): Promise<{ size: number } | null> {
  if (!(await deps.storage.statBlob(digest))) return null;
  return linkExistingBlob(deps.prisma, repositoryId, digest);
}
