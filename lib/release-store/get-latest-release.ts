/** The newest release's text, which a new release starts from when there is no draft. */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";

/** `{sequence, yaml}` of the newest release of `slug`, or null before the first one. */
export async function getLatestRelease(principal: Pick<Principal, "teamId">, slug: string): Promise<{ sequence: number; yaml: string } | null> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return prisma.release.findFirst({ where: { appId: app.id }, orderBy: { sequence: "desc" }, select: { sequence: true, yaml: true } });
}
