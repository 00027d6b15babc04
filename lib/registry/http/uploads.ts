/**
 * Blob uploads (spec "Pushing blobs"): sessions, chunks, completion, cancel and
 * cross-repository mounts. Request bodies stream straight into the storage driver.
 * Every request that brings bytes is admitted first (services/upload-limits.ts: free
 * space, blob size, the team's quota): refused before a byte is read when its size is
 * known, cut off (and its session deleted) the moment it passes its budget otherwise.
 */
import type { IncomingMessage } from "node:http";
import { Readable } from "node:stream";
import { keepTeamStorageReading, planTeamStorage } from "@/lib/quotas/team-storage-readings";
import type { TeamStorage } from "@/lib/quotas/team-usage";
import { parseDigestOrThrow, tryParseDigest } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryContext } from "@/lib/registry/http/context";
import { formatUploadRange, parseContentRange } from "@/lib/registry/http/ranges";
import { blobPath, hasRequestBody, readContentLength, sendEmpty, uploadPath } from "@/lib/registry/http/respond";
import { mountBlob } from "@/lib/registry/metadata/blobs";
import { ensureRepository, findRepository, type RepositoryRef } from "@/lib/registry/metadata/repositories";
import {
  claimUploadSession,
  createUploadSession,
  deleteUploadSession,
  discardUploadSession,
  findUploadSession,
  releaseUploadClaim,
  type UploadClaim,
} from "@/lib/registry/metadata/upload-sessions";
import { explainAppRepositoryName, repositoryAppSlug } from "@/lib/registry/names";
import { appendUploadChunk, completeHashedUpload, finishUpload, writeBlob } from "@/lib/registry/services/blob-writer";
import { admitUpload, admitUploadSession, limitUploadBytes, teamStorageSkipsUsage, type UploadBudget } from "@/lib/registry/services/upload-limits";
import { findGrantedActions } from "@/lib/registry/token/scopes";

function sessionHeaders(context: RegistryContext, id: string, size: number): Record<string, string> {
  return { Location: uploadPath(context.name, id), Range: formatUploadRange(size), "Docker-Upload-UUID": id };
}

/** 201: the blob is in the repository now. */
function sendBlobCreated(context: RegistryContext, digest: string): void {
  sendEmpty(context.res, 201, { Location: blobPath(context.name, digest), "Docker-Content-Digest": digest });
}

function uploadUnknown(id: string): RegistryError {
  return new RegistryError("BLOB_UPLOAD_UNKNOWN", undefined, { uuid: id });
}

/** 416 with the session's real progress, as the spec asks for an out-of-order chunk. */
function outOfOrder(context: RegistryContext, id: string, size: number, message: string): RegistryError {
  return new RegistryError("BLOB_UPLOAD_INVALID", message, { offset: size }, { status: 416, headers: sessionHeaders(context, id, size) });
}

/**
 * The chunk's declared range, checked against the session's offset. Content-Range, when
 * sent, must start where the session ends; its length must agree with Content-Length.
 */
function readChunkRange(context: RegistryContext, req: IncomingMessage, claim: UploadClaim): number | null {
  const header = req.headers["content-range"];
  if (header === undefined) return null;
  const range = parseContentRange(header);
  if (!range) throw outOfOrder(context, claim.id, claim.offset, `unreadable Content-Range ${JSON.stringify(header)}`);
  if (range.start !== claim.offset) throw outOfOrder(context, claim.id, claim.offset, `the chunk starts at ${range.start}; the upload has ${claim.offset} bytes`);
  const length = range.end - range.start + 1;
  const declared = readContentLength(req);
  if (declared !== null && declared !== length) throw new RegistryError("SIZE_INVALID", `Content-Range spans ${length} bytes but Content-Length is ${declared}`);
  return length;
}

/**
 * Claims the session named in the URL, or explains why not (unknown: 404; busy: 416).
 * With `forBody` (the request brings bytes to admit) and upload limits on, the claim's
 * statement also reads the team's storage for the quota check (claim.teamStorage), as an
 * estimate when this process has a recent reading (lib/quotas/team-storage-readings.ts).
 */
async function claimSession(context: RegistryContext, forBody: boolean): Promise<ClaimedSession> {
  const id = context.match.uploadId!;
  const limits = context.options.uploadLimits;
  const appSlug = repositoryAppSlug(context.name);
  const plan = forBody && limits ? await planTeamStorage(context.options.prisma, appSlug, teamStorageSkipsUsage(limits)) : undefined;
  const result = await claimUploadSession(context.options.prisma, id, context.name, { teamStorage: plan });
  if (plan && result.kind === "claimed") keepTeamStorageReading(appSlug, plan, result.teamStorage);
  if (result.kind === "unknown") throw uploadUnknown(id);
  if (result.kind === "busy") throw outOfOrder(context, id, result.offset, "another chunk of this upload is still being written");
  return Object.assign(result.claim, { teamStorage: result.teamStorage });
}

/** A claim with the team's storage read by the same statement (undefined: not read). */
type ClaimedSession = UploadClaim & { teamStorage?: TeamStorage | null };

/** readChunkRange, releasing the claim untouched when the range is refused. */
async function readChunkRangeOrRelease(context: RegistryContext, claim: UploadClaim): Promise<number | null> {
  try {
    return readChunkRange(context, context.req, claim);
  } catch (error) {
    await releaseUploadClaim(context.options.prisma, claim, claim.offset);
    throw error;
  }
}

/**
 * Mounts `digest` from `from` when the spec's conditions hold here: both repositories in
 * the same application, the token allows pulling `from`, and `from` has the blob. Any
 * other case returns false and the caller opens an ordinary session, revealing nothing.
 */
async function tryMount(context: RegistryContext, repository: RepositoryRef, mount: string, from: string | null): Promise<boolean> {
  const digest = tryParseDigest(mount);
  if (!digest || !from || explainAppRepositoryName(from) !== null) return false;
  if (repositoryAppSlug(from) !== repositoryAppSlug(context.name) || from === context.name) return false;
  if (!findGrantedActions(context.caller?.access ?? [], "repository", from)?.includes("pull")) return false;
  const source = await findRepository(context.options.prisma, from);
  if (!source || !(await context.options.storage.statBlob(digest.digest))) return false;
  return (await mountBlob(context.options.prisma, source.id, repository.id, digest.digest)) !== null;
}

/** Opens a session, creating the repository on its first push, within the caps on open sessions. */
async function openSession(context: RegistryContext): Promise<{ id: string; repositoryId: string }> {
  const { prisma, storage } = context.options;
  const openedBy = context.caller?.subject ?? null;
  let session = await createUploadSession(prisma, storage, context.name, openedBy);
  if (!session) {
    // A first push: refused at once when nothing more fits, before the repository is created.
    await admitUpload(prisma, context.options.uploadLimits, { repositoryName: context.name, offset: 0, incoming: null }, context.options.changeFeed);
    await ensureRepository(prisma, context.name);
    session = await createUploadSession(prisma, storage, context.name, openedBy);
  }
  if (!session) throw new RegistryError("NAME_UNKNOWN", undefined, { name: context.name });
  // Quota (nothing incoming) and session caps, checked once the session exists, in one statement.
  await admitUploadSession(context.options, context.options.uploadLimits, { ...session, repositoryName: context.name, openedBy });
  return session;
}

/** What this request's body may carry into a session holding `offset` bytes (throws DENIED when it cannot fit). */
function admitBody(context: RegistryContext, offset: number, teamStorage?: TeamStorage | null): Promise<UploadBudget> {
  const incoming = hasRequestBody(context.req) ? readContentLength(context.req) : 0;
  return admitUpload(context.options.prisma, context.options.uploadLimits, { repositoryName: context.name, offset, incoming, teamStorage }, context.options.changeFeed);
}

/** admitBody for a claimed session, releasing the claim untouched when refused. */
async function admitClaimedBody(context: RegistryContext, claim: ClaimedSession): Promise<UploadBudget> {
  try {
    return await admitBody(context, claim.offset, claim.teamStorage);
  } catch (error) {
    await releaseUploadClaim(context.options.prisma, claim, claim.offset);
    throw error;
  }
}

/** A body cut off by its budget leaves a partial upload: the session and its bytes go. */
async function discardWhenDenied(context: RegistryContext, claim: UploadClaim, error: unknown): Promise<never> {
  if (error instanceof RegistryError && error.code === "DENIED") await discardUploadSession(context.options.prisma, context.options.storage, claim.id).catch(() => undefined);
  throw error;
}

// POST /v2/<name>/blobs/uploads/: opens a session (202), or mounts (201), or takes a whole blob with ?digest= (201).
export async function startUpload(context: RegistryContext): Promise<void> {
  const { options, url, req, res } = context;
  const mount = url.searchParams.get("mount");
  if (mount !== null) {
    const repository = await ensureRepository(options.prisma, context.name);
    if (await tryMount(context, repository, mount, url.searchParams.get("from"))) {
      sendBlobCreated(context, mount);
      return;
    }
  }
  const digestParam = mount === null ? url.searchParams.get("digest") : null;
  const digest = digestParam === null ? null : parseDigestOrThrow(digestParam);
  if (!digest) {
    // Opening a session is refused at once when nothing more fits (openSession: incoming unknown).
    const { id } = await openSession(context);
    sendEmpty(res, 202, sessionHeaders(context, id, 0));
    return;
  }
  const budget = await admitBody(context, 0);
  const repository = await ensureRepository(options.prisma, context.name);
  const source = hasRequestBody(req) ? limitUploadBytes(req, budget) : Readable.from([]);
  await writeBlob(options, { repositoryId: repository.id, digest, source, openedBy: context.caller?.subject ?? null });
  sendBlobCreated(context, digest.digest);
}

// GET /v2/<name>/blobs/uploads/<uuid>: how many bytes count so far (204 with Range).
export async function getUploadStatus(context: RegistryContext): Promise<void> {
  const id = context.match.uploadId!;
  const session = await findUploadSession(context.options.prisma, id, context.name);
  if (!session) throw uploadUnknown(id);
  sendEmpty(context.res, 204, sessionHeaders(context, id, session.offset));
}

// PATCH /v2/<name>/blobs/uploads/<uuid>: appends one chunk, in order (416 otherwise).
export async function patchUpload(context: RegistryContext): Promise<void> {
  const claim = await claimSession(context, true);
  const expected = await readChunkRangeOrRelease(context, claim);
  const budget = await admitClaimedBody(context, claim);
  const size = await appendUploadChunk(context.options, claim, limitUploadBytes(context.req, budget), expected).catch((error) => discardWhenDenied(context, claim, error));
  sendEmpty(context.res, 202, sessionHeaders(context, claim.id, size));
}

// PUT /v2/<name>/blobs/uploads/<uuid>?digest=: the optional last chunk, then verify and publish (201).
export async function completeUpload(context: RegistryContext): Promise<void> {
  const digest = parseDigestOrThrow(context.url.searchParams.get("digest"));
  if (!hasRequestBody(context.req) && context.req.headers["content-range"] === undefined) {
    // The usual end of a push: the bytes came with the PATCH and were hashed then.
    if (await completeHashedUpload(context.options, context.match.uploadId!, context.name, digest)) {
      sendBlobCreated(context, digest.digest);
      return;
    }
  }
  const claim = await claimSession(context, hasRequestBody(context.req));
  const expected = await readChunkRangeOrRelease(context, claim);
  const finalChunk = hasRequestBody(context.req) ? limitUploadBytes(context.req, await admitClaimedBody(context, claim)) : null;
  await finishUpload(context.options, claim, digest, finalChunk, expected).catch((error) => discardWhenDenied(context, claim, error));
  sendBlobCreated(context, digest.digest);
}

// DELETE /v2/<name>/blobs/uploads/<uuid>: cancels the session and drops its bytes (204).
export async function cancelUpload(context: RegistryContext): Promise<void> {
  const id = context.match.uploadId!;
  if (!(await deleteUploadSession(context.options.prisma, context.options.storage, id, context.name))) throw uploadUnknown(id);
  sendEmpty(context.res, 204);
}
