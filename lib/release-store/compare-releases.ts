/** A line diff between two releases of one application. */
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import { diffLines, type LineChange } from "@/lib/releases";

export interface ReleaseComparison {
  from: { sequence: number; createdAt: Date };
  to: { sequence: number; createdAt: Date };
  changes: LineChange[];
  added: number;
  removed: number;
}

/** Diffs release `from` (old side) against release `to` (new side); `not_found` when either is missing. */
export async function compareReleases(principal: Pick<Principal, "teamId">, slug: string, from: number, to: number): Promise<ReleaseComparison> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const rows = await prisma.release.findMany({ where: { appId: app.id, sequence: { in: [from, to] } }, select: { sequence: true, createdAt: true, yaml: true } });
  const older = rows.find((row) => row.sequence === from);
  const newer = rows.find((row) => row.sequence === to);
  if (!older) throw notFound(`Release ${from} of "${slug}"`);
  if (!newer) throw notFound(`Release ${to} of "${slug}"`);
  const changes = diffLines(older.yaml, newer.yaml);
  return {
    from: { sequence: older.sequence, createdAt: older.createdAt },
    to: { sequence: newer.sequence, createdAt: newer.createdAt },
    changes,
    added: changes.filter((change) => change.type === "added").length,
    removed: changes.filter((change) => change.type === "removed").length,
  };
}
