/** One release, read-only, with its preview and the tags pushed again since it was created. */
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { findCurrentTagDigests } from "./find-tagged-manifests";
import { getPreviewContext } from "./get-preview-context";
import { buildPreviewWithLookups } from "./preview-for-app";
import { countImages, listChangedTags, readImageDigests, RELEASE_SUMMARY_SELECT, toReleaseSummary } from "./release-view";
import type { ReleaseDetail } from "./types";

/** Release `sequence` of `slug`; `not_found` for a missing release or another team's app. */
export async function getRelease(principal: Pick<Principal, "teamId">, slug: string, sequence: number): Promise<ReleaseDetail> {
  const target = await getPreviewContext(principal, slug);
  const row = await prisma.release.findUnique({
    where: { appId_sequence: { appId: target.app.id, sequence } },
    select: { ...RELEASE_SUMMARY_SELECT, yaml: true },
  });
  if (!row) throw notFound(`Release ${sequence} of "${slug}"`);
  const imageDigests = readImageDigests(row.imageDigests);
  const [preview, current] = await Promise.all([buildPreviewWithLookups(target, row.yaml), findCurrentTagDigests(target.app.id, Object.keys(imageDigests))]);
  return { ...toReleaseSummary(row, countImages(preview), listChangedTags(imageDigests, current)), yaml: row.yaml, imageDigests, preview };
}
