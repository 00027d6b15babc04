/** How stored releases are read and shaped for routes and pages. */
import type { Prisma } from "@/lib/db/client";
import type { ReleasePreview } from "@/lib/releases";
import type { ChangedTag, ImageDigests, ReleaseSummary } from "./types";

/** The columns every release view needs (the YAML is selected separately when wanted). */
export const RELEASE_SUMMARY_SELECT = {
  sequence: true,
  notes: true,
  createdAt: true,
  sources: true,
  imageDigests: true,
  createdBy: { select: { name: true, email: true } },
} satisfies Prisma.ReleaseSelect;

export type ReleaseSummaryRow = Prisma.ReleaseGetPayload<{ select: typeof RELEASE_SUMMARY_SELECT }>;

/** The stored `imageDigests` JSON as a map; anything malformed is ignored rather than trusted. */
export function readImageDigests(value: Prisma.JsonValue): ImageDigests {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return {};
  const digests: ImageDigests = {};
  for (const [image, digest] of Object.entries(value)) {
    if (typeof digest === "string" || digest === null) digests[image] = digest;
  }
  return digests;
}

/** Tags whose digest now differs from the one recorded (pushed again, pushed for the first time, or deleted). */
export function listChangedTags(recorded: ImageDigests, current: ReadonlyMap<string, string | null>): ChangedTag[] {
  return Object.entries(recorded)
    .filter(([image, digest]) => current.has(image) && current.get(image) !== digest)
    .map(([image, digestAtRelease]) => ({ image, digestAtRelease, currentDigest: current.get(image) ?? null }));
}

/** Distinct container images the release's resources use. */
export function countImages(preview: Pick<ReleasePreview, "images">): number {
  return new Set(preview.images.map((image) => image.image)).size;
}

/** A summary from a stored row plus what was computed about it. */
export function toReleaseSummary(row: ReleaseSummaryRow, imageCount: number, changedTags: ChangedTag[]): ReleaseSummary {
  return {
    sequence: row.sequence,
    notes: row.notes,
    createdAt: row.createdAt,
    createdBy: { name: row.createdBy.name, email: row.createdBy.email },
    imageCount,
    sources: row.sources,
    changedTags,
  };
}
