/**
 * The S3 storage driver (REGISTRY_STORAGE=s3): any S3-compatible object store, tested on
 * Ceph's RADOS Gateway. Keys follow driver.ts's layout under an optional prefix:
 *
 *   <prefix>blobs/<algorithm>/<first two hex>/<hex>       complete, verified content
 *   <prefix>uploads/<id>/created                          marker: the upload area exists
 *   <prefix>uploads/<id>/data/<offset, 16 digits>          one segment per write, from that offset
 *
 * Objects cannot be appended to, so each writeUpload stores its bytes as a segment keyed
 * by the offset it starts at, streamed through a multipart upload with parts of
 * PART_BYTES (s3-parts.ts: QUEUE parts uploading while one fills). A write that fails aborts its
 * multipart upload, so it leaves nothing. The upload's bytes are the chain of segments
 * from offset 0, each followed by the one starting where it ends (a segment a lost writer
 * left past that point is not on the chain). commitUpload copies the chain server-side
 * into the blob key: CopyObject for one segment, a multipart copy of its pieces otherwise
 * (re-uploaded through the process only when a piece is below S3's 5 MiB part minimum).
 * Copy and multipart completion are atomic, so a blob key is either absent or whole.
 */
import { Readable, type Writable } from "node:stream";
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListMultipartUploadsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  type S3Client,
  UploadPartCopyCommand,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { tryParseDigest } from "@/lib/registry/digests";
import { createS3Client, isNotFound, type S3StorageConfig } from "@/lib/registry/storage/s3-client";
import { sendPresignedObject } from "@/lib/registry/storage/s3-download";
import { putObjectInParts, type PartsTarget } from "@/lib/registry/storage/s3-parts";
import {
  StorageNotFoundError,
  assertUploadId,
  type ByteRange,
  type StorageDriver,
  type UploadArea,
} from "@/lib/registry/storage/driver";

/**
 * Multipart part size and how many parts of one write are in flight: a write holds about
 * (QUEUE + 1) x PART_BYTES, and S3's 10,000-part limit puts the largest blob at 80 GiB.
 */
const PART_BYTES = 8 * 1024 * 1024;
const QUEUE = 2;
/** S3's smallest part (all but the last). */
const MIN_PART_BYTES = 5 * 1024 * 1024;
/** S3's largest single CopyObject / UploadPartCopy source. */
const MAX_COPY_BYTES = 5 * 1024 ** 3;
const COPY_PART_BYTES = 1024 ** 3;
/** How long the URL a download is read from stays valid; it is used at once. */
const DOWNLOAD_URL_SECONDS = 60;

interface Segment {
  offset: number;
  size: number;
  key: string;
}

/** A piece of a segment that counts: `length` bytes from `start` of `key` (a segment of `segmentSize` bytes). */
interface Piece {
  key: string;
  start: number;
  length: number;
  segmentSize: number;
}

export class S3StorageDriver implements StorageDriver {
  readonly name = "s3";
  readonly statsLocally = false;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(config: S3StorageConfig, client?: S3Client) {
    this.client = client ?? createS3Client(config);
    this.bucket = config.bucket;
    this.prefix = config.prefix;
  }

  /** The object key of a blob (also for checks that look into the bucket). */
  blobKey(digest: string): string {
    const parsed = tryParseDigest(digest);
    if (!parsed) throw new Error(`invalid digest ${JSON.stringify(digest)}`);
    return `${this.prefix}blobs/${parsed.algorithm}/${parsed.hex.slice(0, 2)}/${parsed.hex}`;
  }

  private uploadPrefix(id: string): string {
    assertUploadId(id);
    return `${this.prefix}uploads/${id}/`;
  }

  private segmentKey(id: string, offset: number): string {
    return `${this.uploadPrefix(id)}data/${String(offset).padStart(16, "0")}`;
  }

  async statBlob(digest: string): Promise<{ size: number } | null> {
    const key = this.blobKey(digest);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return { size: Number(head.ContentLength ?? 0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  private async getObject(key: string, range?: ByteRange): Promise<Readable | null> {
    try {
      const answer = await this.client.send(
        new GetObjectCommand({ Bucket: this.bucket, Key: key, Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return answer.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async readBlob(digest: string, range?: ByteRange): Promise<Readable | null> {
    return this.getObject(this.blobKey(digest), range);
  }

  async sendBlob(digest: string, destination: Writable, range?: ByteRange): Promise<boolean> {
    // Read over our own socket into pooled buffers (s3-download.ts), not through the SDK's node:http.
    return sendPresignedObject(new URL(await this.presignBlob(digest, DOWNLOAD_URL_SECONDS)), destination, range);
  }

  /** A time-limited URL a client can GET the blob (or a range) from directly, for REGISTRY_REDIRECT. */
  async presignBlob(digest: string, expiresInSeconds: number): Promise<string> {
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: this.blobKey(digest) }), { expiresIn: expiresInSeconds });
  }

  async deleteBlob(digest: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: this.blobKey(digest) }));
  }

  /** Every stored blob's digest and last change, for the garbage collector's check of the bucket against the database. */
  async *listBlobs(): AsyncGenerator<{ digest: string; modifiedAt: Date }> {
    for await (const object of this.listObjects(`${this.prefix}blobs/`)) {
      const [algorithm, , hex] = object.key.slice(`${this.prefix}blobs/`.length).split("/");
      if (algorithm && hex) yield { digest: `${algorithm}:${hex}`, modifiedAt: object.modifiedAt };
    }
  }

  private async *listObjects(prefix: string): AsyncGenerator<{ key: string; size: number; modifiedAt: Date }> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      for (const object of page.Contents ?? []) {
        if (object.Key) yield { key: object.Key, size: Number(object.Size ?? 0), modifiedAt: object.LastModified ?? new Date(0) };
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  private async requireUpload(id: string): Promise<void> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: `${this.uploadPrefix(id)}created` }));
    } catch (error) {
      if (isNotFound(error)) throw new StorageNotFoundError(`upload ${id}`);
      throw error;
    }
  }

  async createUpload(id: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `${this.uploadPrefix(id)}created`, Body: "", ContentLength: 0 }));
  }

  async writeUpload(id: string, offset: number, source: AsyncIterable<Uint8Array>): Promise<number> {
    await this.requireUpload(id);
    return putObjectInParts(this.partsTarget(this.segmentKey(id, offset)), source);
  }

  /** The upload's segments on the chain from offset 0, cut to the first `length` bytes; StorageNotFoundError when absent. */
  private async piecesOf(id: string, length: number): Promise<Piece[]> {
    await this.requireUpload(id);
    const byOffset = new Map<number, Segment>();
    for await (const object of this.listObjects(`${this.uploadPrefix(id)}data/`)) {
      const offset = Number(object.key.slice(object.key.lastIndexOf("/") + 1));
      byOffset.set(offset, { offset, size: object.size, key: object.key });
    }
    const pieces: Piece[] = [];
    let position = 0;
    while (position < length) {
      const segment = byOffset.get(position);
      if (!segment || segment.size === 0) throw new Error(`upload ${id} holds ${position} bytes, not ${length}`);
      const taken = Math.min(segment.size, length - position);
      pieces.push({ key: segment.key, start: 0, length: taken, segmentSize: segment.size });
      position += taken;
    }
    return pieces;
  }

  private readPieces(pieces: Piece[]): Readable {
    const get = (piece: Piece) => this.getObject(piece.key, { start: piece.start, end: piece.start + piece.length - 1 });
    return Readable.from(
      (async function* () {
        for (const piece of pieces) {
          const body = await get(piece);
          if (!body) throw new StorageNotFoundError(`upload segment ${piece.key}`);
          yield* body;
        }
      })(),
      { objectMode: false },
    );
  }

  async readUpload(id: string, length: number): Promise<Readable> {
    return this.readPieces(await this.piecesOf(id, length));
  }

  async commitUpload(id: string, digest: string, size: number): Promise<boolean> {
    const [pieces, existing] = await Promise.all([this.piecesOf(id, size), this.statBlob(digest)]);
    if (existing) {
      await this.deleteUploadObjects(id);
      return false;
    }
    const key = this.blobKey(digest);
    const only = pieces[0];
    if (pieces.length === 0) {
      await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: "", ContentLength: 0 }));
    } else if (pieces.length === 1 && only && size <= MAX_COPY_BYTES && only.start === 0 && only.length === only.segmentSize) {
      await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: key, CopySource: this.copySource(only.key) }));
    } else if (pieces.slice(0, -1).every((piece) => piece.length >= MIN_PART_BYTES)) {
      await this.copyPieces(key, pieces);
    } else {
      // Chunks below S3's part minimum cannot be copied part by part: stream them through once.
      await putObjectInParts(this.partsTarget(key), this.readPieces(pieces));
    }
    await this.deleteUploadObjects(id);
    return true;
  }

  private partsTarget(key: string): PartsTarget {
    return { client: this.client, bucket: this.bucket, key, partBytes: PART_BYTES, queue: QUEUE };
  }

  private copySource(key: string): string {
    return `${this.bucket}/${key.split("/").map(encodeURIComponent).join("/")}`;
  }

  /** Assembles `key` from the pieces server-side (UploadPartCopy), in parts of at most COPY_PART_BYTES. */
  private async copyPieces(key: string, pieces: Piece[]): Promise<void> {
    const created = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }));
    const uploadId = created.UploadId!;
    try {
      const parts: { PartNumber: number; ETag: string }[] = [];
      for (const piece of pieces) {
        for (let from = 0; from < piece.length; from += COPY_PART_BYTES) {
          const to = Math.min(piece.length, from + COPY_PART_BYTES) - 1;
          const PartNumber = parts.length + 1;
          const copied = await this.client.send(
            new UploadPartCopyCommand({
              Bucket: this.bucket,
              Key: key,
              UploadId: uploadId,
              PartNumber,
              CopySource: this.copySource(piece.key),
              CopySourceRange: `bytes=${piece.start + from}-${piece.start + to}`,
            }),
          );
          parts.push({ PartNumber, ETag: copied.CopyPartResult?.ETag ?? "" });
        }
      }
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId: uploadId })).catch(() => undefined);
      throw error;
    }
  }

  async deleteUpload(id: string): Promise<void> {
    await this.abortMultipartUploads(this.uploadPrefix(id));
    await this.deleteUploadObjects(id);
  }

  /**
   * Deletes the area's objects. After a commit that is all there is: every write either
   * completed or aborted its multipart upload; parts of a killed writer are aborted by
   * deleteUpload, which the purge of abandoned uploads calls.
   */
  private async deleteUploadObjects(id: string): Promise<void> {
    const prefix = this.uploadPrefix(id);
    let keys: string[] = [];
    const flush = async () => {
      if (keys.length === 0) return;
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
      keys = [];
    };
    for await (const object of this.listObjects(prefix)) {
      keys.push(object.key);
      if (keys.length === 1000) await flush();
    }
    await flush();
  }

  /** Aborts the multipart uploads under `prefix`: a write that died leaves its parts here. */
  private async abortMultipartUploads(prefix: string): Promise<void> {
    for (const upload of await this.listMultipartUploads(prefix)) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: upload.key, UploadId: upload.uploadId }))
        .catch((error) => {
          if (!isNotFound(error)) throw error;
        });
    }
  }

  /** Multipart uploads in progress under `prefix` (parts a killed process left behind, until aborted). */
  async listMultipartUploads(prefix = `${this.prefix}uploads/`): Promise<{ key: string; uploadId: string; initiated: Date }[]> {
    const found: { key: string; uploadId: string; initiated: Date }[] = [];
    let keyMarker: string | undefined;
    let uploadIdMarker: string | undefined;
    for (;;) {
      const page = await this.client.send(
        new ListMultipartUploadsCommand({ Bucket: this.bucket, Prefix: prefix, KeyMarker: keyMarker, UploadIdMarker: uploadIdMarker }),
      );
      for (const upload of page.Uploads ?? []) {
        if (upload.Key && upload.UploadId) found.push({ key: upload.Key, uploadId: upload.UploadId, initiated: upload.Initiated ?? new Date(0) });
      }
      if (!page.IsTruncated) return found;
      keyMarker = page.NextKeyMarker;
      uploadIdMarker = page.NextUploadIdMarker;
    }
  }

  async listUploads(): Promise<UploadArea[]> {
    const root = `${this.prefix}uploads/`;
    const latest = new Map<string, Date>();
    const note = (key: string, at: Date) => {
      const id = key.slice(root.length).split("/")[0];
      if (!id) return;
      const known = latest.get(id);
      if (!known || known < at) latest.set(id, at);
    };
    for await (const object of this.listObjects(root)) note(object.key, object.modifiedAt);
    for (const upload of await this.listMultipartUploads(root)) note(upload.key, upload.initiated);
    return [...latest].map(([id, modifiedAt]) => ({ id, modifiedAt }));
  }
}

export { createS3Client, ensureBucket, type S3StorageConfig } from "@/lib/registry/storage/s3-client";
