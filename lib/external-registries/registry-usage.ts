/**
 * Which saved releases name a registry as a source. Releases refer to registries by
 * name (`source:` in their YAML, kept in `Release.sources`), so a registry in use can be
 * neither deleted nor renamed without breaking them.
 */
import type { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

type Db = Prisma.TransactionClient;

export interface ReleaseUsage {
  appSlug: string;
  sequence: number;
}

/** How many releases of the team's apps name the registry, and the latest few of them. */
export async function findReleasesUsingRegistry(db: Db, teamId: string, name: string, shown = 5): Promise<{ releases: ReleaseUsage[]; total: number }> {
  const where = { app: { teamId }, sources: { has: name } };
  const [rows, total] = await Promise.all([
    db.release.findMany({ where, select: { sequence: true, app: { select: { slug: true } } }, orderBy: { createdAt: "desc" }, take: shown }),
    db.release.count({ where }),
  ]);
  return { releases: rows.map((row) => ({ appSlug: row.app.slug, sequence: row.sequence })), total };
}

/** "my-app release 3, web release 1 and 2 more". */
export function formatReleaseList(releases: ReleaseUsage[], total: number): string {
  const named = releases.map((release) => `${release.appSlug} release ${release.sequence}`).join(", ");
  return total > releases.length ? `${named} and ${total - releases.length} more` : named;
}

/**
 * Throws `conflict` naming the releases when any saved release uses the registry; the
 * action decides the wording and, for a rename, puts the issue on the `name` field.
 */
export async function refuseWhileUsedByReleases(db: Db, teamId: string, name: string, action: "delete" | "rename"): Promise<void> {
  const { releases, total } = await findReleasesUsingRegistry(db, teamId, name);
  if (total === 0) return;
  const list = formatReleaseList(releases, total);
  const plural = total === 1 ? "a saved release uses" : `${total} saved releases use`;
  if (action === "delete") {
    throw new AppError("conflict", `Registry "${name}" cannot be deleted: ${plural} it as a source (${list}), and they pull through it by name.`);
  }
  const issue = `cannot be changed: ${plural} "${name}" as a source (${list}); add a new registry under the new name instead`;
  throw new AppError("conflict", `Registry "${name}" cannot be renamed: ${plural} it as a source (${list}), and they refer to it by name. Add a new registry under the new name instead.`, {
    details: [{ path: "name", issue }],
  });
}
