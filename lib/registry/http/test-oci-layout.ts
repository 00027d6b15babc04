/**
 * Writes OCI image layouts (image-spec image-layout.md) for tests and benchmarks:
 * single-platform images and multi-platform indexes with random, incompressible layers.
 * Layers are real gzip streams (stored, level 0) so clients copy them unchanged instead
 * of recompressing what looks like raw data.
 */
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { computeDigest } from "@/lib/registry/digests";
import { OCI_IMAGE_CONFIG, OCI_INDEX, OCI_MANIFEST } from "@/lib/registry/manifests/media-types";

const LAYER_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip";

export interface LayoutDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string };
}

export interface PlatformSpec {
  os: string;
  architecture: string;
  /** Uncompressed size of each layer, in bytes. */
  layerSizes: number[];
}

async function writeBlob(dir: string, data: Buffer | string): Promise<LayoutDescriptor & { mediaType: "" }> {
  const digest = computeDigest(data);
  await writeFile(path.join(dir, "blobs", "sha256", digest.slice(7)), data);
  return { mediaType: "", digest, size: Buffer.byteLength(data) };
}

async function* randomChunks(size: number, diffId: ReturnType<typeof createHash>): AsyncGenerator<Buffer> {
  for (let left = size; left > 0; left -= 1024 * 1024) {
    const chunk = randomBytes(Math.min(left, 1024 * 1024));
    diffId.update(chunk);
    yield chunk;
  }
}

/** Streams a random layer through gzip into the layout; returns its descriptor and diff id. */
async function writeRandomLayer(dir: string, size: number): Promise<{ descriptor: LayoutDescriptor; diffId: string }> {
  const diffId = createHash("sha256");
  const digest = createHash("sha256");
  let compressed = 0;
  const temporary = path.join(dir, "blobs", `layer-${randomBytes(6).toString("hex")}.tmp`);
  const gzip = createGzip({ level: 0 });
  gzip.on("data", (chunk: Buffer) => {
    digest.update(chunk);
    compressed += chunk.length;
  });
  await pipeline(Readable.from(randomChunks(size, diffId)), gzip, createWriteStream(temporary));
  const hex = digest.digest("hex");
  await rename(temporary, path.join(dir, "blobs", "sha256", hex));
  return { descriptor: { mediaType: LAYER_TYPE, digest: `sha256:${hex}`, size: compressed }, diffId: `sha256:${diffId.digest("hex")}` };
}

/** Writes one image (config, layers, manifest) into the layout's blobs; returns the manifest descriptor. */
async function writeImage(dir: string, platform: PlatformSpec): Promise<LayoutDescriptor> {
  const layers: LayoutDescriptor[] = [];
  const diffIds: string[] = [];
  for (const size of platform.layerSizes) {
    const layer = await writeRandomLayer(dir, size);
    layers.push(layer.descriptor);
    diffIds.push(layer.diffId);
  }
  const config = await writeBlob(
    dir,
    JSON.stringify({
      architecture: platform.architecture,
      os: platform.os,
      created: new Date().toISOString(),
      config: { Cmd: ["/bin/true"], Labels: { nonce: randomBytes(8).toString("hex") } },
      rootfs: { type: "layers", diff_ids: diffIds },
    }),
  );
  const manifest = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: { ...config, mediaType: OCI_IMAGE_CONFIG }, layers });
  const written = await writeBlob(dir, manifest);
  return { ...written, mediaType: OCI_MANIFEST, platform: { os: platform.os, architecture: platform.architecture } };
}

async function prepare(dir: string): Promise<void> {
  await mkdir(path.join(dir, "blobs", "sha256"), { recursive: true });
  await writeFile(path.join(dir, "oci-layout"), JSON.stringify({ imageLayoutVersion: "1.0.0" }));
}

async function writeIndexJson(dir: string, tag: string, descriptor: LayoutDescriptor): Promise<void> {
  const entry = { mediaType: descriptor.mediaType, digest: descriptor.digest, size: descriptor.size, annotations: { "org.opencontainers.image.ref.name": tag } };
  await writeFile(path.join(dir, "index.json"), JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [entry] }));
}

/** A layout holding one single-platform image under `tag`; returns the manifest's descriptor. */
export async function writeImageLayout(dir: string, tag: string, platform: PlatformSpec): Promise<LayoutDescriptor> {
  await prepare(dir);
  const manifest = await writeImage(dir, platform);
  const descriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size };
  await writeIndexJson(dir, tag, descriptor);
  return descriptor;
}

/** A layout holding a multi-platform index under `tag`; returns the index's descriptor. */
export async function writeIndexLayout(dir: string, tag: string, platforms: PlatformSpec[]): Promise<LayoutDescriptor> {
  await prepare(dir);
  const manifests: LayoutDescriptor[] = [];
  for (const platform of platforms) manifests.push(await writeImage(dir, platform));
  const index = await writeBlob(dir, JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
  const descriptor = { ...index, mediaType: OCI_INDEX };
  await writeIndexJson(dir, tag, descriptor);
  return descriptor;
}

/** The digest a layout's index.json names for `tag`, or null. */
export async function readLayoutTag(dir: string, tag: string): Promise<string | null> {
  const index = JSON.parse(await readFile(path.join(dir, "index.json"), "utf8")) as { manifests: { digest: string; annotations?: Record<string, string> }[] };
  return index.manifests.find((entry) => entry.annotations?.["org.opencontainers.image.ref.name"] === tag)?.digest ?? null;
}
