/**
 * One manifest of a repository, by tag or digest, with everything its page shows:
 * layers, config summary, index children with platforms, referrers (signatures, SBOMs)
 * and the tags on it. Reached only through the principal's application.
 */
import type { Principal } from "@/lib/auth/principal";
import { resolveRegistryHost } from "@/lib/config";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { describeIndexChildren } from "@/lib/images/describe/platforms";
import { isDigest } from "@/lib/registry/names";
import { describeStoredManifest } from "./describe-stored-manifest";
import { getRepositoryForPrincipalOrThrow } from "./get-repository";
import { buildPullReferences } from "./pull-references";
import { readConfigSummary, readManifestParts } from "./read-manifest-parts";
import type { IndexChildView, ManifestDetail, ReferrerView } from "./types";

/** Referrers and tags shown on one page; more is a list for the API, not a page. */
const MAX_LISTED = 200;

const MANIFEST_FIELDS = {
  id: true,
  digest: true,
  mediaType: true,
  artifactType: true,
  size: true,
  totalSize: true,
  content: true,
  summary: true,
  pushedBy: true,
  createdAt: true,
} as const;

async function findManifest(repositoryId: string, reference: string) {
  if (isDigest(reference)) {
    const manifest = await prisma.manifest.findUnique({ where: { repositoryId_digest: { repositoryId, digest: reference } }, select: MANIFEST_FIELDS });
    return manifest ? { manifest, tag: null } : null;
  }
  const tag = await prisma.tag.findUnique({
    where: { repositoryId_name: { repositoryId, name: reference } },
    select: { name: true, pushedBy: true, manifest: { select: MANIFEST_FIELDS } },
  });
  return tag ? { manifest: tag.manifest, tag } : null;
}

async function listChildren(repositoryId: string, content: Uint8Array): Promise<IndexChildView[]> {
  const children = describeIndexChildren(content);
  if (children.length === 0) return [];
  const stored = await prisma.manifest.findMany({ where: { repositoryId, digest: { in: children.map((child) => child.digest) } }, select: { digest: true, totalSize: true } });
  const sizes = new Map(stored.map((row) => [row.digest, Number(row.totalSize)]));
  return children.map((child) => ({
    ...child,
    attestationFor: child.attestationFor ?? null,
    isStored: sizes.has(child.digest),
    contentSize: sizes.get(child.digest) ?? null,
  }));
}

async function listReferrers(repositoryId: string, digest: string): Promise<ReferrerView[]> {
  const rows = await prisma.manifest.findMany({
    where: { repositoryId, subjectDigest: digest },
    select: { digest: true, mediaType: true, artifactType: true, size: true, content: true, summary: true, createdAt: true },
    orderBy: { createdAt: "asc" },
    take: MAX_LISTED,
  });
  return rows.map((row) => {
    const { kind, label } = describeStoredManifest(row);
    return { digest: row.digest, mediaType: row.mediaType, artifactType: row.artifactType, kind, label, size: row.size, pushedAt: row.createdAt.toISOString() };
  });
}

/**
 * The manifest `reference` (a tag or a digest) of `<slug>/<repo>`; `not_found` when the
 * application, repository, tag or digest is unknown to the principal's team.
 */
export async function getManifestDetail(
  principal: Pick<Principal, "teamId">,
  slug: string,
  repo: string,
  reference: string,
  registryHost: string = resolveRegistryHost(),
): Promise<ManifestDetail> {
  const repository = await getRepositoryForPrincipalOrThrow(principal, slug, repo);
  const found = await findManifest(repository.id, reference);
  if (!found) throw notFound(isDigest(reference) ? `Manifest ${reference} in "${repository.name}"` : `Tag "${reference}" in "${repository.name}"`);
  const { manifest, tag } = found;
  const [children, referrers, tags] = await Promise.all([
    listChildren(repository.id, manifest.content),
    listReferrers(repository.id, manifest.digest),
    prisma.tag.findMany({ where: { manifestId: manifest.id }, select: { name: true }, orderBy: { updatedAt: "desc" }, take: MAX_LISTED }),
  ]);
  return {
    repository: repository.name,
    path: repository.path,
    reference,
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    artifactType: manifest.artifactType,
    manifestSize: manifest.size,
    size: Number(manifest.totalSize),
    pushedAt: manifest.createdAt.toISOString(),
    pushedBy: tag?.pushedBy ?? manifest.pushedBy,
    tags: tags.map((row) => row.name),
    ...describeStoredManifest(manifest),
    ...readManifestParts(manifest.content),
    configSummary: readConfigSummary(manifest.summary),
    children,
    referrers,
    pull: buildPullReferences(registryHost, repository.name, manifest.digest, tag?.name ?? null),
  };
}
