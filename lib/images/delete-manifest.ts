/**
 * Deletes a manifest by digest from the portal (OCI spec "Deleting Manifests"): every
 * tag on it goes too, and the registry answers MANIFEST_UNKNOWN for it afterwards.
 * Blobs stay until garbage collection, as in distribution.
 */
import { recordAuditEventNow } from "@/lib/audit/record-audit-event";
import { actorOf, type AuditPrincipal } from "@/lib/audit/audit-actor";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { invalidInput, notFound } from "@/lib/errors";
import { deleteManifestByDigest } from "@/lib/registry/metadata/manifest-store";
import { isDigest } from "@/lib/registry/names";
import { getRepositoryForPrincipalOrThrow } from "./get-repository";

/**
 * Removes manifest `digest` of `<slug>/<repo>` and its tags; returns the tags that went.
 * `not_found` when absent (or another team's); `invalid_input` when `digest` is not one.
 */
export async function deleteManifest(principal: Pick<Principal, "teamId"> & AuditPrincipal, slug: string, repo: string, digest: string): Promise<{ digest: string; tags: string[] }> {
  if (!isDigest(digest)) throw invalidInput("reference", "is not a digest (algorithm:hex)");
  const repository = await getRepositoryForPrincipalOrThrow(principal, slug, repo);
  const tags = await prisma.tag.findMany({ where: { repositoryId: repository.id, manifest: { digest } }, select: { name: true } });
  const isDeleted = await deleteManifestByDigest(prisma, repository.id, digest);
  if (!isDeleted) throw notFound(`Manifest ${digest} in "${repository.name}"`);
  await recordAuditEventNow({ teamId: principal.teamId, actor: actorOf(principal), action: "manifest.deleted", appSlug: slug, target: `${repository.name}@${digest}`, details: { tags: tags.map((tag) => tag.name) } });
  return { digest, tags: tags.map((tag) => tag.name) };
}
