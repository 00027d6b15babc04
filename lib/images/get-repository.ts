/**
 * A repository of one application, reached only through the application the principal
 * may see (lib/auth/access), so another team's repository reads as "not found".
 */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

export interface RepositoryRef {
  id: string;
  appId: string;
  /** Full name, `<slug>/<path>`. */
  name: string;
  path: string;
}

/** The repository `<slug>/<path>` when the principal's team owns the application; otherwise `not_found`. */
export async function getRepositoryForPrincipalOrThrow(principal: Pick<Principal, "teamId">, slug: string, path: string): Promise<RepositoryRef> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const name = `${app.slug}/${path}`;
  const repository = await prisma.repository.findFirst({ where: { appId: app.id, name }, select: { id: true, appId: true, name: true } });
  if (!repository) throw notFound(`Repository "${name}"`);
  return { ...repository, path };
}
