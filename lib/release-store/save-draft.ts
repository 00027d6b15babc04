/** Autosave of the release being edited: one draft per application, last write wins. */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { assertReleaseSize, type ReleaseInput } from "./release-input";
import type { ReleaseDraftView } from "./types";

/** Stores the draft of `slug`'s next release, replacing the previous one. */
export async function saveDraft(principal: Pick<Principal, "teamId">, slug: string, input: ReleaseInput): Promise<ReleaseDraftView> {
  assertReleaseSize(input.yaml);
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return prisma.releaseDraft.upsert({
    where: { appId: app.id },
    create: { appId: app.id, yaml: input.yaml, notes: input.notes },
    update: { yaml: input.yaml, notes: input.notes },
    select: { yaml: true, notes: true, updatedAt: true },
  });
}
