/**
 * Creating a release: the preview is recomputed here, whatever the browser showed, and
 * the release is refused while error diagnostics remain. Sequences are per application
 * (1, 2, 3, …): max + 1, retried when a concurrent create took the same number.
 */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { collectReleaseSources, listRequiredLookups } from "@/lib/releases";
import { formatTagKey } from "./find-tagged-manifests";
import { getPreviewContext } from "./get-preview-context";
import { buildPreviewWithLookups } from "./preview-for-app";
import { refuseWithErrors } from "./refuse-with-errors";
import { assertReleaseSize, type ReleaseInput } from "./release-input";
import { countImages, RELEASE_SUMMARY_SELECT, toReleaseSummary } from "./release-view";
import type { CreatedRelease, ImageDigests, PreviewResponse } from "./types";

const MAX_ATTEMPTS = 10;
/** `images:` sources that are not external registries; only registry names are kept in `Release.sources`. */
const BUILT_IN_SOURCES = new Set(["replicated", "public"]);

/** Creates the next release of `slug` from the YAML and notes; `invalid_input` listing the errors when any remain. */
export async function createRelease(principal: Pick<Principal, "teamId" | "userId">, slug: string, input: ReleaseInput): Promise<CreatedRelease> {
  assertReleaseSize(input.yaml);
  if (input.yaml.trim() === "") throw new AppError("invalid_input", "yaml: the release is empty; write or paste its Kubernetes YAML.", { details: [{ path: "yaml", issue: "is empty" }] });
  const target = await getPreviewContext(principal, slug);
  const preview = await buildPreviewWithLookups(target, input.yaml);
  const errors = preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length > 0) throw refuseWithErrors(errors, "creating it");
  const data = {
    appId: target.app.id,
    yaml: input.yaml,
    notes: input.notes,
    sources: collectReleaseSources(input.yaml).filter((source) => !BUILT_IN_SOURCES.has(source)),
    imageDigests: recordImageDigests(preview),
    createdById: principal.userId,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      const row = await prisma.$transaction(async (tx) => {
        await lockSourceRegistries(tx, principal.teamId, data.sources);
        const last = await tx.release.aggregate({ where: { appId: target.app.id }, _max: { sequence: true } });
        const created = await tx.release.create({ data: { ...data, sequence: (last._max.sequence ?? 0) + 1 }, select: RELEASE_SUMMARY_SELECT });
        await tx.releaseDraft.deleteMany({ where: { appId: target.app.id } });
        await recordPrincipalEvent(tx, principal, { action: "release.created", appSlug: slug, target: `release ${created.sequence}` });
        return created;
      });
      const release = { ...toReleaseSummary(row, countImages(preview), []), yaml: input.yaml, imageDigests: data.imageDigests, preview };
      return { release, warnings: preview.diagnostics.filter((diagnostic) => diagnostic.severity !== "error") };
    } catch (error) {
      // Another create took this sequence between our read and insert; read again.
      const isSequenceTaken = error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
      if (!isSequenceTaken || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}

/**
 * Holds a share lock on the external registries the release names, so a concurrent
 * delete or rename (which takes FOR UPDATE and checks Release.sources) waits for this
 * transaction, and a registry deleted since the preview refuses the release.
 */
async function lockSourceRegistries(tx: Prisma.TransactionClient, teamId: string, sources: string[]): Promise<void> {
  if (sources.length === 0) return;
  const rows = await tx.$queryRaw<{ name: string }[]>`
    SELECT name FROM "ExternalRegistry" WHERE "teamId" = ${teamId}::uuid AND name = ANY(${sources}::text[]) FOR SHARE`;
  const missing = sources.filter((source) => !rows.some((row) => row.name === source));
  if (missing.length > 0) {
    throw new AppError("conflict", `yaml: the external registry ${missing.map((m) => `"${m}"`).join(", ")} was removed while the release was being created; register it again or change the source.`);
  }
}

/** `{ "<repository>:<tag>": digest | null }` for this application's tagged images (digest-pinned ones cannot move). */
function recordImageDigests(preview: PreviewResponse): ImageDigests {
  const digests: ImageDigests = {};
  for (const lookup of listRequiredLookups(preview).replicated) {
    if (lookup.tag === null || lookup.digest !== null) continue;
    digests[formatTagKey(lookup.repository, lookup.tag)] = preview.lookups.replicated?.[lookup.key]?.digest ?? null;
  }
  return digests;
}
