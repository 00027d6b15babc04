/**
 * Realistic registry rows for integration tests and the pages benchmark: manifests
 * with real JSON and digests, their blob references and the summary the registry
 * writes on push, inserted directly with Prisma (no blob bytes are stored).
 */
import { createHash, randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";

export const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
export const OCI_INDEX = "application/vnd.oci.image.index.v1+json";
const OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
const OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip";

export const sha256 = (data: string | Buffer) => `sha256:${createHash("sha256").update(data).digest("hex")}`;

export interface SeedDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  platform?: { os: string; architecture: string; variant?: string };
  annotations?: Record<string, string>;
}

export interface BuiltManifest {
  digest: string;
  mediaType: string;
  artifactType: string | null;
  subjectDigest: string | null;
  content: Buffer;
  totalSize: number;
  summary: unknown;
  blobs: { digest: string; size: number }[];
  children: string[];
}

export interface ImageSpec {
  /** Distinguishes otherwise identical images (goes into the config digest). */
  seed: string;
  layerSizes?: number[];
  /** Layer digests to reuse (shared base layers), in place of generated ones. */
  sharedLayers?: { digest: string; size: number }[];
  platform?: { os: string; architecture: string; variant?: string };
  labels?: Record<string, string>;
  subject?: SeedDescriptor;
  artifactType?: string;
  layerMediaType?: string;
}

/** An OCI image manifest with a config summary like the registry's; sizes are made up, digests are real. */
export function buildImageManifest(spec: ImageSpec): BuiltManifest {
  const platform = spec.platform ?? { os: "linux", architecture: "amd64" };
  const config = { mediaType: OCI_CONFIG, digest: sha256(`config:${spec.seed}`), size: 1200 };
  const generated = (spec.layerSizes ?? [3_000_000, 1_000]).map((size, i) => ({ mediaType: spec.layerMediaType ?? OCI_LAYER, digest: sha256(`layer:${spec.seed}:${i}`), size }));
  const layers = [...(spec.sharedLayers ?? []).map((layer) => ({ mediaType: OCI_LAYER, ...layer })), ...generated];
  const body: Record<string, unknown> = { schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers };
  if (spec.artifactType) body.artifactType = spec.artifactType;
  if (spec.subject) body.subject = { mediaType: spec.subject.mediaType, digest: spec.subject.digest, size: spec.subject.size };
  const content = Buffer.from(JSON.stringify(body));
  const summary = {
    kind: "image",
    configMediaType: OCI_CONFIG,
    layerCount: layers.length,
    platform,
    created: "2025-03-04T10:12:31Z",
    entrypoint: ["/app/server"],
    cmd: ["--port", "8080"],
    exposedPorts: ["8080/tcp"],
    labels: spec.labels ?? { "org.opencontainers.image.version": spec.seed },
  };
  const blobs = [config, ...layers].map(({ digest, size }) => ({ digest, size }));
  return {
    digest: sha256(content),
    mediaType: OCI_MANIFEST,
    artifactType: spec.artifactType ?? OCI_CONFIG,
    subjectDigest: spec.subject?.digest ?? null,
    content,
    totalSize: blobs.reduce((sum, blob) => sum + blob.size, 0),
    summary,
    blobs,
    children: [],
  };
}

/** An OCI index over `images`, with a buildx-style attestation manifest per image when asked. */
export function buildIndexManifest(images: BuiltManifest[], options: { attestations?: BuiltManifest[] } = {}): BuiltManifest {
  const entries: SeedDescriptor[] = images.map((image) => ({
    mediaType: image.mediaType,
    digest: image.digest,
    size: image.content.length,
    platform: (image.summary as { platform: SeedDescriptor["platform"] }).platform,
  }));
  (options.attestations ?? []).forEach((attestation, i) => {
    entries.push({
      mediaType: OCI_MANIFEST,
      digest: attestation.digest,
      size: attestation.content.length,
      platform: { os: "unknown", architecture: "unknown" },
      annotations: { "vnd.docker.reference.type": "attestation-manifest", "vnd.docker.reference.digest": images[i]!.digest },
    });
  });
  const content = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: entries }));
  return {
    digest: sha256(content),
    mediaType: OCI_INDEX,
    artifactType: null,
    subjectDigest: null,
    content,
    totalSize: images.reduce((sum, image) => sum + image.totalSize, 0),
    summary: {
      kind: "index",
      manifests: entries.map((entry) => ({
        digest: entry.digest,
        mediaType: entry.mediaType,
        size: entry.size,
        platform: entry.platform,
        isAttestation: entry.annotations?.["vnd.docker.reference.type"] === "attestation-manifest",
      })),
    },
    blobs: [],
    children: entries.map((entry) => entry.digest),
  };
}

/** The repository `name` of the application, created when missing. */
export async function ensureSeedRepository(db: PrismaClient, appId: string, name: string): Promise<string> {
  const repository = await db.repository.upsert({ where: { name }, create: { appId, name }, update: {}, select: { id: true } });
  return repository.id;
}

/** Stores a built manifest (its Blob rows, references and optionally a tag), the way a push leaves the tables. */
export async function seedManifest(
  db: PrismaClient,
  repositoryId: string,
  manifest: BuiltManifest,
  options: { tag?: string; pushedBy?: string; at?: Date } = {},
): Promise<string> {
  const at = options.at ?? new Date();
  await db.blob.createMany({ data: manifest.blobs.map((blob) => ({ digest: blob.digest, size: BigInt(blob.size) })), skipDuplicates: true });
  await db.repositoryBlob.createMany({ data: manifest.blobs.map((blob) => ({ repositoryId, digest: blob.digest })), skipDuplicates: true });
  const row = await db.manifest.upsert({
    where: { repositoryId_digest: { repositoryId, digest: manifest.digest } },
    update: {},
    create: {
      id: randomUUID(),
      repositoryId,
      digest: manifest.digest,
      mediaType: manifest.mediaType,
      artifactType: manifest.artifactType,
      subjectDigest: manifest.subjectDigest,
      size: manifest.content.length,
      content: new Uint8Array(manifest.content),
      totalSize: BigInt(manifest.totalSize),
      summary: manifest.summary as object,
      pushedBy: options.pushedBy ?? null,
      createdAt: at,
    },
    select: { id: true },
  });
  const references = [...manifest.blobs.map((blob) => ({ digest: blob.digest, isManifest: false })), ...manifest.children.map((digest) => ({ digest, isManifest: true }))];
  await db.manifestReference.createMany({ data: references.map((reference) => ({ manifestId: row.id, ...reference })), skipDuplicates: true });
  if (options.tag) {
    await db.tag.upsert({
      where: { repositoryId_name: { repositoryId, name: options.tag } },
      create: { repositoryId, name: options.tag, manifestId: row.id, pushedBy: options.pushedBy ?? null, updatedAt: at },
      update: { manifestId: row.id, pushedBy: options.pushedBy ?? null, updatedAt: at },
    });
  }
  return row.id;
}
