/** An application's release history, newest first, a page at a time. */
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { previewRelease } from "@/lib/releases";
import { findCurrentTagDigests } from "./find-tagged-manifests";
import { getPreviewContext } from "./get-preview-context";
import { countImages, listChangedTags, readImageDigests, RELEASE_SUMMARY_SELECT, toReleaseSummary } from "./release-view";
import type { ReleaseSummary } from "./types";

export const DEFAULT_RELEASE_PAGE_SIZE = 25;
export const MAX_RELEASE_PAGE_SIZE = 100;

export interface ReleasePage {
  releases: ReleaseSummary[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: number | null;
}

/** Releases of `slug` with a sequence below `before` (all when absent), each marked when a tag it uses was pushed again. */
export async function listReleases(principal: Pick<Principal, "teamId">, slug: string, options: { limit?: number; before?: number } = {}): Promise<ReleasePage> {
  const limit = Math.min(options.limit ?? DEFAULT_RELEASE_PAGE_SIZE, MAX_RELEASE_PAGE_SIZE);
  const { app, context } = await getPreviewContext(principal, slug);
  const rows = await prisma.release.findMany({
    where: { appId: app.id, ...(options.before !== undefined ? { sequence: { lt: options.before } } : {}) },
    orderBy: { sequence: "desc" },
    take: limit + 1,
    select: { ...RELEASE_SUMMARY_SELECT, yaml: true },
  });
  const page = rows.slice(0, limit);
  const recorded = page.map((row) => readImageDigests(row.imageDigests));
  const current = await findCurrentTagDigests(app.id, [...new Set(recorded.flatMap((digests) => Object.keys(digests)))]);
  const releases = page.map((row, index) =>
    // The image count comes from the stored YAML; the parse is the pure preview's (cached per document).
    toReleaseSummary(row, countImages(previewRelease(row.yaml, context)), listChangedTags(recorded[index], current)),
  );
  return { releases, nextBefore: rows.length > limit ? page[page.length - 1].sequence : null };
}
