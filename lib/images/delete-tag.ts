/**
 * Deletes one tag from the portal (OCI spec "Deleting tags"): the manifest stays
 * reachable by digest. The registry's own metadata function does the delete, so the
 * portal and `DELETE /v2/<name>/manifests/<tag>` behave the same.
 */
import { recordAuditEventNow } from "@/lib/audit/record-audit-event";
import { actorOf, type AuditPrincipal } from "@/lib/audit/audit-actor";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { deleteTag as deleteStoredTag } from "@/lib/registry/metadata/manifest-store";
import { getRepositoryForPrincipalOrThrow } from "./get-repository";

/** Removes tag `tag` of `<slug>/<repo>`; `not_found` when it (or the repository, for this team) does not exist. */
export async function deleteTag(principal: Pick<Principal, "teamId"> & AuditPrincipal, slug: string, repo: string, tag: string): Promise<{ tag: string }> {
  const repository = await getRepositoryForPrincipalOrThrow(principal, slug, repo);
  const isDeleted = await deleteStoredTag(prisma, repository.id, tag);
  if (!isDeleted) throw notFound(`Tag "${tag}" in "${repository.name}"`);
  // The registry's metadata function owns its transaction: the event is its own write (spooled if that fails).
  await recordAuditEventNow({ teamId: principal.teamId, actor: actorOf(principal), action: "tag.deleted", appSlug: slug, target: `${repository.name}:${tag}` });
  return { tag };
}
