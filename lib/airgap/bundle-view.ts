/**
 * A bundle row as the API and the portal show it: status, progress, speed and the time
 * left, the log, and the sha256 and size once ready. A building row whose heartbeat
 * stopped reads as failed (its server went away), so the vendor can retry at once. Pure.
 */
import { STALE_AFTER_MS, type BundleRow, type BundleStatus } from "./bundle-rows";

export interface BundleView {
  status: BundleStatus;
  imagesDone: number;
  imagesTotal: number;
  /** Bundle bytes written so far (the size, once ready). */
  bytes: number;
  /** The expected size while building (an estimate until ready). */
  bytesTotal: number;
  /** MiB/s written since the build started, while building. */
  speedMiBps: number | null;
  /** Seconds left at that speed, while building and once writing has begun. */
  etaSeconds: number | null;
  /** Hex sha256 of the tar, once ready. */
  sha256?: string;
  size?: number;
  error?: string;
  /** The image the build failed on, when one did. */
  failedImage?: string;
  log: string[];
  attempt: number;
  startedAt: string;
  finishedAt: string | null;
}

export const STALLED_BUILD_MESSAGE = "the build stopped without finishing (the server building it went away); retry it";

const MIB = 1024 * 1024;

/** The view of a row at `now`. */
export function toBundleView(row: BundleRow, now = new Date()): BundleView {
  const isStalled = row.status === "building" && now.getTime() - row.heartbeatAt.getTime() > STALE_AFTER_MS;
  const status: BundleStatus = isStalled ? "failed" : row.status;
  const elapsedSeconds = Math.max((now.getTime() - row.startedAt.getTime()) / 1000, 0.001);
  const isBuilding = status === "building";
  const speed = isBuilding && row.bytes > 0 ? row.bytes / elapsedSeconds : null;
  const view: BundleView = {
    status,
    imagesDone: row.imagesDone,
    imagesTotal: row.imagesTotal,
    bytes: row.bytes,
    bytesTotal: row.size ?? row.bytesTotal,
    speedMiBps: speed === null ? null : Math.round((speed / MIB) * 10) / 10,
    etaSeconds: speed === null || row.bytesTotal === 0 ? null : Math.max(0, Math.round((row.bytesTotal - row.bytes) / speed)),
    log: row.log.split("\n").filter(Boolean),
    attempt: row.attempt,
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
  if (status === "ready" && row.blobDigest && row.size !== null) {
    view.sha256 = row.blobDigest.replace(/^sha256:/, "");
    view.size = row.size;
  }
  if (status === "failed") {
    view.error = isStalled ? STALLED_BUILD_MESSAGE : (row.error ?? "the build failed");
    if (!isStalled && row.failedImage) view.failedImage = row.failedImage;
  }
  return view;
}
