/**
 * The blob store behind the registry: content addressed by digest, stored once however
 * many repositories or applications link it, plus the byte areas of uploads in progress.
 * Metadata (which repository sees which blob, sessions' committed sizes) lives in
 * Postgres; a driver only keeps bytes. Every driver runs the suite in driver-suite.ts.
 *
 * Layout (the filesystem driver under REGISTRY_STORAGE_DIR; the S3 driver uses the same
 * paths as keys under S3_PREFIX, with each upload's bytes as segments: see s3-driver.ts):
 *
 *   <root>/
 *   ├── blobs/
 *   │   ├── sha256/
 *   │   │   └── 4f/
 *   │   │       └── 4f3a…(64 hex)     complete, verified content; written once, never modified
 *   │   └── sha512/
 *   │       └── 9b/9b71…(128 hex)
 *   └── uploads/
 *       └── <session uuid>             bytes received so far (a file; on S3 a folder of
 *                                      segments); only the first `size` bytes
 *                                      (UploadSession.size in Postgres) count, anything after
 *                                      them is left by an interrupted chunk and is overwritten
 *
 * A blob appears in blobs/ only by an atomic move of a fully written, fsynced and verified
 * upload (commitUpload), so a crash or a killed client never leaves a partial blob visible.
 */
import type { Readable, Writable } from "node:stream";

/** Inclusive byte range, as in HTTP. */
export interface ByteRange {
  start: number;
  end: number;
}

export interface UploadArea {
  id: string;
  modifiedAt: Date;
}

/** Thrown when an upload area that should exist does not (cancelled, purged, never created). */
export class StorageNotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found in the blob store`);
    this.name = "StorageNotFoundError";
  }
}

export interface StorageDriver {
  readonly name: string;
  /**
   * Whether statBlob is a local lookup (a file's metadata, a map) rather than a request to
   * a service: the registry then asks the store before the database where that saves a
   * statement (a HEAD for content no repository holds, as every new layer of a push is).
   */
  readonly statsLocally: boolean;

  /** Size of a stored blob, or null when absent. */
  statBlob(digest: string): Promise<{ size: number } | null>;
  /** Streams a stored blob, or the inclusive range of it; null when absent. */
  readBlob(digest: string, range?: ByteRange): Promise<Readable | null>;
  /**
   * Writes a stored blob, or the inclusive range of it, into `destination` (without ending
   * it) and resolves once every byte was handed over; false when the blob is absent. This
   * is the serving path: a driver may reuse its buffers, so it must wait for each write.
   */
  sendBlob(digest: string, destination: Writable, range?: ByteRange): Promise<boolean>;
  /** Removes a blob's content; removing an absent blob is not an error. */
  deleteBlob(digest: string): Promise<void>;
  /**
   * A short-lived URL from which a client can GET the blob directly (REGISTRY_REDIRECT),
   * for stores that can sign one (S3); absent on drivers that cannot.
   */
  presignBlob?(digest: string, expiresInSeconds: number): Promise<string>;
  /** Every stored blob and when it was written, for the garbage collector's check of the store against the database. */
  listBlobs?(): AsyncIterable<{ digest: string; modifiedAt: Date }>;

  /** Creates an empty upload area. */
  createUpload(id: string): Promise<void>;
  /**
   * Writes the source at byte `offset` of the upload and resolves with the bytes written.
   * Rejects when the source fails (a client that disconnects); bytes already written stay,
   * and the caller simply does not count them. Rejects with StorageNotFoundError when the
   * area is gone.
   *
   * Chunk ownership: a driver is done with a chunk before it asks the source for the next
   * one (it has written it, or copied it into memory of its own), and keeps no reference
   * to it afterwards. So a source may hand over the same buffer again and again, refilled
   * each time it is asked for the next chunk (the bundle writer streams reused read
   * buffers this way). Checked for every driver by driver-suite.ts.
   */
  writeUpload(id: string, offset: number, source: AsyncIterable<Uint8Array>): Promise<number>;
  /** Streams the first `length` bytes of an upload. */
  readUpload(id: string, length: number): Promise<Readable>;
  /**
   * Publishes the first `size` bytes of the upload as blob `digest`: durable first, then
   * visible in one atomic step; the upload area is removed. Resolves false when the blob
   * already existed (the new bytes are discarded: content addressing makes them equal).
   */
  commitUpload(id: string, digest: string, size: number): Promise<boolean>;
  /** Removes an upload area; removing an absent one is not an error. */
  deleteUpload(id: string): Promise<void>;
  /** Upload areas and when each last changed, for purging abandoned sessions. */
  listUploads(): Promise<UploadArea[]>;
}

const UPLOAD_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** Refuses ids that could escape the upload area (drivers build paths from them). */
export function assertUploadId(id: string): void {
  if (!UPLOAD_ID.test(id)) throw new Error(`invalid upload id ${JSON.stringify(id)}`);
}
