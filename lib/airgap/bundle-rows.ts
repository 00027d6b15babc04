/**
 * AirgapBundle rows: one per release, the state of its build and, once ready, the digest
 * of the tar in the blob store.
 *
 * Protocol (several instances, several requests, crashes):
 * - `requestBuild` is one INSERT … ON CONFLICT DO UPDATE … WHERE: a release without a row
 *   gets one (attempt 1); a failed row, or a building row whose heartbeat stopped (its
 *   server died), starts attempt n+1; anything else (building and alive, or ready) is left
 *   alone and the caller joins it. The row lock makes two requests agree: only one of them
 *   gets a row back, and only that one enqueues a job.
 * - A job carries (bundleId, attempt). Every write it makes is conditional on that attempt
 *   and status "building", so a run overtaken by a retry cannot touch the new attempt.
 * - The running job writes progress (at most every PROGRESS_INTERVAL_MS) and a heartbeat
 *   (every HEARTBEAT_INTERVAL_MS even while waiting on an upstream); a heartbeat older
 *   than STALE_AFTER_MS means no server is building it any more.
 * Times are written from this process's clock as UTC, as Prisma writes them (never SQL
 * now(), which a timestamp column would take in the session's time zone).
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";

export type BundleStatus = "building" | "ready" | "failed";

export const HEARTBEAT_INTERVAL_MS = 10_000;
export const STALE_AFTER_MS = 120_000;
/** The log keeps its last this many characters. */
const MAX_LOG_CHARS = 32 * 1024;

export interface BundleRow {
  id: string;
  releaseId: string;
  status: BundleStatus;
  attempt: number;
  imagesDone: number;
  imagesTotal: number;
  bytes: number;
  bytesTotal: number;
  blobDigest: string | null;
  size: number | null;
  error: string | null;
  failedImage: string | null;
  log: string;
  uploadId: string | null;
  startedAt: Date;
  heartbeatAt: Date;
  finishedAt: Date | null;
}

type RawRow = Omit<BundleRow, "bytes" | "bytesTotal" | "size" | "status"> & { status: string; bytes: bigint; bytesTotal: bigint; size: bigint | null };

function toRow(raw: RawRow): BundleRow {
  return { ...raw, status: raw.status as BundleStatus, bytes: Number(raw.bytes), bytesTotal: Number(raw.bytesTotal), size: raw.size === null ? null : Number(raw.size) };
}

/** One timestamped log line. */
export function formatLogLine(message: string, at = new Date()): string {
  return `${at.toISOString().slice(11, 19)} ${message.replace(/[\r\n]+/g, " ")}\n`;
}

/** The release's bundle row, or null. */
export async function findBundleRow(db: PrismaClient, releaseId: string): Promise<BundleRow | null> {
  const row = await db.airgapBundle.findUnique({ where: { releaseId } });
  return row ? toRow(row) : null;
}

/**
 * Starts a build of the release's bundle unless one is running or done. Returns the row
 * and whether this call started it (then the caller enqueues the job for its attempt).
 */
export async function requestBuild(db: PrismaClient, releaseId: string, firstLine: string): Promise<{ row: BundleRow; isStarted: boolean }> {
  const line = formatLogLine(firstLine);
  const now = new Date();
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS);
  const started = await db.$queryRaw<{ id: string }[]>`
    INSERT INTO "AirgapBundle" (id, "releaseId", status, attempt, log, "startedAt", "heartbeatAt")
    VALUES (${randomUUID()}::uuid, ${releaseId}::uuid, 'building', 1, ${line}, ${now}, ${now})
    ON CONFLICT ("releaseId") DO UPDATE SET
      status = 'building', attempt = "AirgapBundle".attempt + 1, "imagesDone" = 0, "imagesTotal" = 0, bytes = 0, "bytesTotal" = 0,
      "blobDigest" = NULL, size = NULL, error = NULL, "failedImage" = NULL, log = EXCLUDED.log,
      "startedAt" = ${now}, "heartbeatAt" = ${now}, "finishedAt" = NULL
    WHERE "AirgapBundle".status = 'failed' OR ("AirgapBundle".status = 'building' AND "AirgapBundle"."heartbeatAt" < ${staleBefore})
    RETURNING id::text AS id`;
  const row = await findBundleRow(db, releaseId);
  if (!row) throw new Error("the airgap bundle row vanished while it was requested");
  return { row, isStarted: started.length === 1 };
}

/**
 * Claims the build for a run of `attempt`: records its upload area and returns the row,
 * or null when that attempt is no longer the one building (superseded, finished).
 */
export async function claimBuild(db: PrismaClient, bundleId: string, attempt: number, uploadId: string): Promise<{ row: BundleRow; previousUploadId: string | null } | null> {
  const before = await db.airgapBundle.findFirst({ where: { id: bundleId, attempt, status: "building" }, select: { uploadId: true } });
  if (!before) return null;
  const { count } = await db.airgapBundle.updateMany({ where: { id: bundleId, attempt, status: "building" }, data: { uploadId, heartbeatAt: new Date() } });
  if (count === 0) return null;
  const row = await db.airgapBundle.findUniqueOrThrow({ where: { id: bundleId } });
  return { row: toRow(row), previousUploadId: before.uploadId };
}

/** Appends to the log and applies `data`, only while `attempt` is building; false when it no longer is. */
export async function updateBuild(
  db: PrismaClient,
  bundleId: string,
  attempt: number,
  data: { imagesDone?: number; imagesTotal?: number; bytes?: number; bytesTotal?: number; logLine?: string },
): Promise<boolean> {
  const line = data.logLine ? formatLogLine(data.logLine) : "";
  const count = await db.$executeRaw`
    UPDATE "AirgapBundle" SET
      "imagesDone" = COALESCE(${data.imagesDone ?? null}::int, "imagesDone"),
      "imagesTotal" = COALESCE(${data.imagesTotal ?? null}::int, "imagesTotal"),
      bytes = COALESCE(${data.bytes ?? null}::bigint, bytes),
      "bytesTotal" = COALESCE(${data.bytesTotal ?? null}::bigint, "bytesTotal"),
      log = right(log || ${line}, ${MAX_LOG_CHARS}),
      "heartbeatAt" = ${new Date()}
    WHERE id = ${bundleId}::uuid AND attempt = ${attempt} AND status = 'building'`;
  return count === 1;
}

/** Marks the attempt ready with its blob; false when the attempt was superseded meanwhile. */
export async function finishBuild(db: PrismaClient, bundleId: string, attempt: number, result: { blobDigest: string; size: number; logLine: string }): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "AirgapBundle" SET status = 'ready', "blobDigest" = ${result.blobDigest}, size = ${result.size}, bytes = ${result.size},
      "imagesDone" = "imagesTotal", "uploadId" = NULL, "finishedAt" = ${new Date()}, "heartbeatAt" = ${new Date()},
      log = right(log || ${formatLogLine(result.logLine)}, ${MAX_LOG_CHARS})
    WHERE id = ${bundleId}::uuid AND attempt = ${attempt} AND status = 'building'`;
  return count === 1;
}

/** Marks the attempt failed with what went wrong (and which image), keeping no bundle. */
export async function failBuild(db: PrismaClient, bundleId: string, attempt: number, failure: { error: string; failedImage: string | null }): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE "AirgapBundle" SET status = 'failed', error = ${failure.error}, "failedImage" = ${failure.failedImage}, "blobDigest" = NULL, size = NULL,
      "uploadId" = NULL, "finishedAt" = ${new Date()}, "heartbeatAt" = ${new Date()},
      log = right(log || ${formatLogLine(`failed: ${failure.error}`)}, ${MAX_LOG_CHARS})
    WHERE id = ${bundleId}::uuid AND attempt = ${attempt} AND status = 'building'`;
  return count === 1;
}
