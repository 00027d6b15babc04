/**
 * The second pass of a build: stream the bundle, an OCI image layout as one tar, into an
 * upload area of the blob store, hashing it on the way, and publish it under its sha256.
 *
 * Order inside the tar: `oci-layout`, then each image's manifests and blobs (a digest
 * already written is skipped, so a blob shared by several images is stored once), then
 * `index.json`, the rewritten manifests and `bundle.json`, which name everything before
 * them. Readers (skopeo's oci-archive, `tar -x`) do not depend on the order.
 *
 * Memory: one blob is read at a time, chunk by chunk; nothing holds an image or the
 * bundle. Blobs from the store arrive in the driver's reused read buffers
 * (stored-blob-chunks.ts) and go on to writeUpload, which is done with each chunk before
 * asking for the next (driver.ts), so a build allocates next to nothing per megabyte;
 * the driver batches the small pieces (tar headers, network reads). Blobs from this
 * registry's store were verified when stored; blobs streamed from a public upstream are
 * hashed as they pass and a mismatch (or a wrong length) fails the build naming the
 * image. A failed or aborted write discards the upload area: no partial bundle is ever
 * visible.
 */
import { createHash } from "node:crypto";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import { AirgapImageError, toAirgapImageError } from "./airgap-errors";
import { MANIFESTS_PATH, renderBundleJson, renderIndexJson, renderOciLayout, type BundleDescription, type BundleImage } from "./bundle-files";
import type { PlannedImage } from "./plan-bundle";
import { createTarHeader, createTarPadding, TAR_END, tarEntryLength } from "./tar-header";

/** A single-manifest image's config is read for its platform when it is at most this big. */
const MAX_CONFIG_BYTES = 1024 * 1024;

export interface BundleProgress {
  imagesDone: number;
  /** Bundle bytes written so far. */
  bytes: number;
  /** The image being written. */
  image: string | null;
}

export interface WriteBundleInput {
  storage: StorageDriver;
  /** The upload area to write (created here, removed on failure). */
  uploadId: string;
  images: PlannedImage[];
  /** The release rewritten for `${LOCAL_REGISTRY}` (rewrite-for-airgap.ts). */
  manifestsYaml: string;
  description: Omit<BundleDescription, "images">;
  signal?: AbortSignal;
  onProgress?: (progress: BundleProgress) => void;
}

export interface WrittenBundle {
  /** `sha256:<hex>` of the tar: its name in the blob store. */
  digest: string;
  size: number;
  images: BundleImage[];
}

function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(":");
  return `blobs/${algorithm}/${hex}`;
}

/** The bytes the bundle will take: every manifest and blob once, with tar headers, plus a little for the index files. */
export function estimateBundleSize(images: readonly PlannedImage[]): number {
  const seen = new Set<string>();
  let total = tarEntryLength(64) + TAR_END.length;
  for (const image of images) {
    for (const item of [...image.manifests.map((manifest) => ({ digest: manifest.digest, size: manifest.content.length })), ...image.blobs]) {
      if (seen.has(item.digest)) continue;
      seen.add(item.digest);
      total += tarEntryLength(item.size);
    }
    total += tarEntryLength(512) + 256;
  }
  return total;
}

function* fileEntry(name: string, content: Buffer, mtime: number): Generator<Buffer> {
  yield createTarHeader({ name, size: content.length, mtime });
  yield content;
  yield createTarPadding(content.length);
}

function readPlatform(config: Buffer): string | null {
  try {
    const parsed = JSON.parse(config.toString("utf8")) as { os?: unknown; architecture?: unknown; variant?: unknown };
    if (typeof parsed.os !== "string" || typeof parsed.architecture !== "string") return null;
    return [parsed.os, parsed.architecture, typeof parsed.variant === "string" ? parsed.variant : null].filter(Boolean).join("/");
  } catch {
    return null;
  }
}

/**
 * The checks on one blob of `image` as it streams into its tar entry: its length, and its
 * digest when the source is not verified; a single-manifest image's config is copied for
 * its platform. Plain functions, not another async generator: each generator layer costs
 * a few promises per chunk, and every promise pays for async_hooks (see the README).
 */
function checkBlob(image: PlannedImage, blob: { digest: string; size: number }, onConfig: (config: Buffer) => void) {
  const [algorithm] = blob.digest.split(":");
  const hash = image.source.isVerified ? null : createHash(algorithm!);
  const isConfig = blob.digest === image.configDigest && blob.size <= MAX_CONFIG_BYTES;
  const configChunks: Buffer[] = [];
  let received = 0;
  return {
    /** Checks one chunk and passes it on. */
    take(buffer: Buffer): Buffer {
      received += buffer.length;
      if (received > blob.size) throw new AirgapImageError(image.reference, "digest_mismatch", `the blob ${blob.digest} is longer than the ${blob.size} bytes its manifest says`);
      hash?.update(buffer);
      // The chunk may be a reused read buffer: keep a copy.
      if (isConfig) configChunks.push(Buffer.from(buffer));
      return buffer;
    },
    /** The checks at the end of the blob; returns the padding that completes its entry. */
    finish(): Buffer {
      if (received !== blob.size) throw new AirgapImageError(image.reference, "digest_mismatch", `the blob ${blob.digest} has ${received} bytes, not the ${blob.size} its manifest says`);
      const actual = hash ? `${algorithm}:${hash.digest("hex")}` : blob.digest;
      if (actual !== blob.digest) throw new AirgapImageError(image.reference, "digest_mismatch", `the blob ${blob.digest} arrived with digest ${actual}`);
      if (isConfig) onConfig(Buffer.concat(configChunks));
      return createTarPadding(blob.size);
    },
  };
}

/** Writes the bundle into the upload area and publishes it; on any failure the area is removed and the error rethrown. */
export async function writeBundle(input: WriteBundleInput): Promise<WrittenBundle> {
  const { storage, uploadId, images, description } = input;
  const mtime = Math.floor(description.createdAt.getTime() / 1000);
  const progress: BundleProgress = { imagesDone: 0, bytes: 0, image: null };
  const bundleImages: BundleImage[] = images.map((image) => ({
    reference: image.reference,
    name: image.refName,
    mediaType: image.descriptor.mediaType,
    digest: image.descriptor.digest,
    size: image.size,
    platforms: [...image.platforms],
  }));

  const hash = createHash("sha256");
  /** Every byte of the tar passes here, in order: hashed and counted. */
  const emit = (chunk: Buffer): Buffer => {
    input.signal?.throwIfAborted();
    hash.update(chunk);
    progress.bytes += chunk.length;
    input.onProgress?.({ ...progress });
    return chunk;
  };

  async function* entries(): AsyncGenerator<Buffer> {
    for (const piece of fileEntry("oci-layout", renderOciLayout(), mtime)) yield emit(piece);
    const written = new Set<string>();
    for (const [index, image] of images.entries()) {
      progress.image = image.reference;
      try {
        for (const manifest of image.manifests) {
          if (written.has(manifest.digest)) continue;
          written.add(manifest.digest);
          for (const piece of fileEntry(blobPath(manifest.digest), manifest.content, mtime)) yield emit(piece);
        }
        for (const blob of image.blobs) {
          if (written.has(blob.digest)) continue;
          written.add(blob.digest);
          const check = checkBlob(image, blob, (config) => {
            const platform = readPlatform(config);
            if (platform && bundleImages[index]!.platforms.length === 0) bundleImages[index]!.platforms.push(platform);
          });
          yield emit(createTarHeader({ name: blobPath(blob.digest), size: blob.size, mtime }));
          for await (const chunk of await image.source.openBlob(blob.digest)) yield emit(check.take(chunk as Buffer));
          yield emit(check.finish());
        }
      } catch (error) {
        throw toAirgapImageError(image.reference, error);
      }
      progress.imagesDone = index + 1;
      input.onProgress?.({ ...progress });
    }
    progress.image = null;
    for (const piece of fileEntry("index.json", renderIndexJson(bundleImages), mtime)) yield emit(piece);
    for (const piece of fileEntry(MANIFESTS_PATH, Buffer.from(input.manifestsYaml), mtime)) yield emit(piece);
    for (const piece of fileEntry("bundle.json", renderBundleJson({ ...description, images: bundleImages }), mtime)) yield emit(piece);
    yield emit(TAR_END);
  }

  await storage.createUpload(uploadId);
  try {
    const size = await storage.writeUpload(uploadId, 0, entries());
    const digest = `sha256:${hash.digest("hex")}`;
    await storage.commitUpload(uploadId, digest, size);
    return { digest, size, images: bundleImages };
  } catch (error) {
    await storage.deleteUpload(uploadId).catch(() => undefined);
    throw error;
  }
}
