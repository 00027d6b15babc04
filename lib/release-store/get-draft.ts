/** The autosaved draft of an application's next release. */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import type { ReleaseDraftView } from "./types";

/** The draft of `slug`, or null when there is none (none yet, or cleared by creating a release). */
export async function getDraft(principal: Pick<Principal, "teamId">, slug: string): Promise<ReleaseDraftView | null> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return prisma.releaseDraft.findUnique({ where: { appId: app.id }, select: { yaml: true, notes: true, updatedAt: true } });
}
