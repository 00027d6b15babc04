/**
 * Bulk seeding for the pages benchmark: many repositories and tags of one application,
 * built in memory with the same realistic manifests as the tests and inserted with
 * createMany in chunks. One repository holds most tags (the hard case for the tags page);
 * every `indexEvery`-th tag is a two-platform index with buildx attestations.
 */
import { randomUUID } from "node:crypto";
import type { PrismaClient } from "@/lib/db/client";
import { buildImageManifest, buildIndexManifest, sha256, type BuiltManifest } from "./seed-images";

export interface SeedPlan {
  repositories: number;
  tags: number;
  /** Tags in the first (big) repository; the rest are spread over the others. */
  bigRepositoryTags: number;
  indexEvery: number;
}

interface Rows {
  blobs: Map<string, number>;
  repositoryBlobs: { repositoryId: string; digest: string }[];
  manifests: { id: string; repositoryId: string; digest: string; mediaType: string; artifactType: string | null; size: number; content: Uint8Array<ArrayBuffer>; totalSize: bigint; summary: object; pushedBy: string; createdAt: Date }[];
  references: { manifestId: string; digest: string; isManifest: boolean }[];
  tags: { id: string; repositoryId: string; name: string; manifestId: string; pushedBy: string; updatedAt: Date }[];
}

const CHUNK = 2_000;
const DAY_MS = 86_400_000;

function addManifest(rows: Rows, repositoryId: string, manifest: BuiltManifest, at: Date): string {
  const id = randomUUID();
  for (const blob of manifest.blobs) {
    rows.blobs.set(blob.digest, blob.size);
    rows.repositoryBlobs.push({ repositoryId, digest: blob.digest });
  }
  rows.manifests.push({
    id,
    repositoryId,
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    artifactType: manifest.artifactType,
    size: manifest.content.length,
    content: new Uint8Array(manifest.content),
    totalSize: BigInt(manifest.totalSize),
    summary: manifest.summary as object,
    pushedBy: "token:ci",
    createdAt: at,
  });
  for (const blob of manifest.blobs) rows.references.push({ manifestId: id, digest: blob.digest, isManifest: false });
  for (const child of manifest.children) rows.references.push({ manifestId: id, digest: child, isManifest: true });
  return id;
}

function addTag(rows: Rows, repositoryId: string, name: string, seed: string, isIndex: boolean, at: Date, base: { digest: string; size: number }): void {
  let top: BuiltManifest;
  if (isIndex) {
    const images = ["amd64", "arm64"].map((architecture) => buildImageManifest({ seed: `${seed}-${architecture}`, sharedLayers: [base], platform: { os: "linux", architecture } }));
    const attestations = images.map((_, i) => buildImageManifest({ seed: `${seed}-att-${i}`, layerSizes: [1500], layerMediaType: "application/vnd.in-toto+json", platform: { os: "unknown", architecture: "unknown" } }));
    for (const child of [...images, ...attestations]) addManifest(rows, repositoryId, child, at);
    top = buildIndexManifest(images, { attestations });
  } else {
    top = buildImageManifest({ seed, sharedLayers: [base], layerSizes: [200_000 + (seed.length % 7) * 10_000] });
  }
  const manifestId = addManifest(rows, repositoryId, top, at);
  rows.tags.push({ id: randomUUID(), repositoryId, name, manifestId, pushedBy: "token:ci", updatedAt: at });
}

async function insertInChunks<T>(items: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < items.length; start += CHUNK) await insert(items.slice(start, start + CHUNK));
}

/** Creates the planned repositories and tags under `slug`; returns the big repository's path. */
export async function seedManyTags(db: PrismaClient, app: { id: string; slug: string }, plan: SeedPlan): Promise<{ bigRepository: string; manifests: number }> {
  const rows: Rows = { blobs: new Map(), repositoryBlobs: [], manifests: [], references: [], tags: [] };
  const others = Math.max(plan.repositories - 1, 1);
  const now = Date.now();
  let tagNumber = 0;
  for (let r = 0; r < plan.repositories; r += 1) {
    const path = r === 0 ? "api" : `service-${r}`;
    const { id: repositoryId } = await db.repository.create({ data: { appId: app.id, name: `${app.slug}/${path}` }, select: { id: true } });
    const base = { digest: sha256(`base:${path}`), size: 30_000_000 };
    const count = r === 0 ? plan.bigRepositoryTags : Math.floor((plan.tags - plan.bigRepositoryTags) / others) + (r <= (plan.tags - plan.bigRepositoryTags) % others ? 1 : 0);
    for (let t = 0; t < count; t += 1) {
      tagNumber += 1;
      // Distinct times over the last 60 days, newest for the last ones created.
      const at = new Date(now - 60 * DAY_MS + tagNumber * Math.floor((60 * DAY_MS) / plan.tags));
      addTag(rows, repositoryId, `1.${Math.floor(t / 100)}.${t % 100}`, `${path}-${t}`, t % plan.indexEvery === plan.indexEvery - 1, at, base);
    }
  }
  await insertInChunks([...rows.blobs], (chunk) => db.blob.createMany({ data: chunk.map(([digest, size]) => ({ digest, size: BigInt(size) })), skipDuplicates: true }));
  await insertInChunks(rows.repositoryBlobs, (chunk) => db.repositoryBlob.createMany({ data: chunk, skipDuplicates: true }));
  await insertInChunks(rows.manifests, (chunk) => db.manifest.createMany({ data: chunk, skipDuplicates: true }));
  await insertInChunks(rows.references, (chunk) => db.manifestReference.createMany({ data: chunk, skipDuplicates: true }));
  await insertInChunks(rows.tags, (chunk) => db.tag.createMany({ data: chunk }));
  await db.$executeRawUnsafe("ANALYZE");
  return { bigRepository: "api", manifests: rows.manifests.length };
}
