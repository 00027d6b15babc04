/**
 * The blob writer: streams request bodies into a claimed upload session and finishes
 * uploads (hash check, then an atomic publish). The flow of a blob PUT is
 * uploads.ts → here → metadata/blobs.ts → the storage driver.
 *
 * Hashing happens while bytes stream in. A chunk that starts a session leaves a note with
 * the sha256 of what it wrote, so the usual POST, PATCH (whole layer), PUT ?digest= needs
 * no second pass; anything else re-reads the stored bytes once at the end.
 */
import type { PrismaClient } from "@/lib/db/client";
import { DigestTap, digestStream, tapDigest, type ParsedDigest } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import { commitUploadedBlob } from "@/lib/registry/metadata/blobs";
import { discardUploadSession, keepClaimAlive, releaseUploadClaim, type UploadClaim } from "@/lib/registry/metadata/upload-sessions";
import { StorageNotFoundError, type StorageDriver } from "@/lib/registry/storage/driver";

export interface UploadDeps {
  prisma: PrismaClient;
  storage: StorageDriver;
}

function uploadGone(claim: UploadClaim): RegistryError {
  return new RegistryError("BLOB_UPLOAD_UNKNOWN", "the upload was cancelled, expired or taken over by another request", { uuid: claim.id });
}

function noteName(size: number): string {
  return `sha256-${size}`;
}

/** Writes `source` at the claim's offset with a heartbeat; on failure the claim is released unchanged. */
async function writeClaimed(deps: UploadDeps, claim: UploadClaim, source: AsyncIterable<Uint8Array>): Promise<number> {
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
 * Appends one chunk and releases the claim with the new size. `expectedLength` (from
 * Content-Range) must match what arrived. Resolves with the session's new size.
 */
export async function appendChunk(deps: UploadDeps, claim: UploadClaim, source: AsyncIterable<Uint8Array>, expectedLength: number | null): Promise<number> {
  const tap = claim.offset === 0 ? new DigestTap(["sha256"]) : null;
  const written = await writeClaimed(deps, claim, tap ? tapDigest(source, tap) : source);
  if (expectedLength !== null && written !== expectedLength) {
    await releaseUploadClaim(deps.prisma, claim, claim.offset);
    throw new RegistryError("SIZE_INVALID", `the chunk carried ${written} bytes but its Content-Range announced ${expectedLength}`);
  }
  // The note is written alongside the release; a claim that turns out lost takes its note back.
  const note = tap && written > 0 ? deps.storage.writeUploadNote(claim.id, noteName(written), tap.digest("sha256")).then(() => true, () => false) : null;
  const [isReleased, hasNote] = await Promise.all([releaseUploadClaim(deps.prisma, claim, claim.offset + written), note]);
  if (!isReleased) {
    if (hasNote) await deps.storage.writeUploadNote(claim.id, noteName(written), "").catch(() => undefined);
    throw uploadGone(claim);
  }
  return claim.offset + written;
}

/** The digest of the session's bytes so far plus an optional final chunk, and the total size. */
async function digestUpload(
  deps: UploadDeps,
  claim: UploadClaim,
  algorithm: ParsedDigest["algorithm"],
  finalChunk: AsyncIterable<Uint8Array> | null,
): Promise<{ actual: string; size: number; written: number }> {
  if (!finalChunk) {
    if (claim.offset === 0) return { actual: new DigestTap([algorithm]).digest(algorithm), size: 0, written: 0 };
    // An empty note is one a lost claim took back.
    const note = algorithm === "sha256" ? (await deps.storage.readUploadNote(claim.id, noteName(claim.offset))) || null : null;
    const actual = note ?? (await digestStream(await deps.storage.readUpload(claim.id, claim.offset), [algorithm])).digest(algorithm);
    return { actual, size: claim.offset, written: 0 };
  }
  const tap = new DigestTap([algorithm]);
  if (claim.offset > 0) for await (const chunk of await deps.storage.readUpload(claim.id, claim.offset)) tap.update(chunk as Buffer);
  const written = await writeClaimed(deps, claim, tapDigest(finalChunk, tap));
  return { actual: tap.digest(algorithm), size: claim.offset + written, written };
}

/**
 * Completes an upload (spec "PUT ?digest="): takes the optional final chunk, verifies the
 * whole blob against `digest`, and publishes it. A mismatch discards the session and its
 * bytes (DIGEST_INVALID): nothing unverified is ever kept.
 */
export async function finishUpload(
  deps: UploadDeps,
  claim: UploadClaim,
  digest: ParsedDigest,
  finalChunk: AsyncIterable<Uint8Array> | null,
  expectedLength: number | null,
): Promise<{ size: number }> {
  let result: { actual: string; size: number; written: number };
  try {
    result = await digestUpload(deps, claim, digest.algorithm, finalChunk);
  } catch (error) {
    if (error instanceof StorageNotFoundError) throw uploadGone(claim);
    throw error;
  }
  if (expectedLength !== null && result.written !== expectedLength) {
    await releaseUploadClaim(deps.prisma, claim, claim.offset);
    throw new RegistryError("SIZE_INVALID", `the final chunk carried ${result.written} bytes but its Content-Range announced ${expectedLength}`);
  }
  if (result.actual !== digest.digest) {
    await discardUploadSession(deps.prisma, deps.storage, claim.id);
    throw new RegistryError("DIGEST_INVALID", `the uploaded content has digest ${result.actual}, not ${digest.digest}`, { digest: digest.digest });
  }
  if (claim.isLost) throw uploadGone(claim);
  try {
    await commitUploadedBlob(deps.prisma, deps.storage, { uploadId: claim.id, repositoryId: claim.repositoryId, digest: digest.digest, size: result.size });
  } catch (error) {
    await releaseUploadClaim(deps.prisma, claim, result.size).catch(() => false);
    if (error instanceof StorageNotFoundError) throw uploadGone(claim);
    throw error;
  }
  return { size: result.size };
}
