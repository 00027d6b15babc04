/**
 * The referrers API (spec "Listing Referrers"): an OCI index of the manifests in the
 * repository whose `subject` is the given digest, optionally filtered by artifactType.
 * An unknown subject (or repository) is an empty index, never a 404.
 */
import { parseDigestOrThrow } from "@/lib/registry/digests";
import type { RegistryContext } from "@/lib/registry/http/context";
import { sendJson } from "@/lib/registry/http/respond";
import { OCI_INDEX } from "@/lib/registry/manifests/media-types";
import { parseManifest, resolveArtifactType } from "@/lib/registry/manifests/parse-manifest";
import { listReferrerManifests, type StoredManifest } from "@/lib/registry/metadata/manifest-store";
import { findRepository } from "@/lib/registry/metadata/repositories";

interface ReferrerDescriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
}

/** The descriptor the spec asks for: artifactType (or an image's config type) and all annotations. */
export function describeReferrer(manifest: StoredManifest): ReferrerDescriptor {
  const descriptor: ReferrerDescriptor = { mediaType: manifest.mediaType, digest: manifest.digest, size: manifest.size };
  const parsed = parseManifest(manifest.content, manifest.mediaType);
  const artifactType = resolveArtifactType(parsed);
  if (artifactType) descriptor.artifactType = artifactType;
  if (parsed.annotations) descriptor.annotations = parsed.annotations;
  return descriptor;
}

// GET /v2/<name>/referrers/<digest>?artifactType=: the subject's referrers as an OCI index.
export async function listReferrers(context: RegistryContext): Promise<void> {
  const { digest } = parseDigestOrThrow(context.match.digest);
  const artifactType = context.url.searchParams.get("artifactType");
  const repository = await findRepository(context.options.prisma, context.name);
  const manifests = repository ? await listReferrerManifests(context.options.prisma, repository.id, digest) : [];
  const descriptors = manifests.map(describeReferrer).filter((descriptor) => !artifactType || descriptor.artifactType === artifactType);
  const headers: Record<string, string> = { "Content-Type": OCI_INDEX };
  if (artifactType) headers["OCI-Filters-Applied"] = "artifactType";
  sendJson(context.req, context.res, 200, { schemaVersion: 2, mediaType: OCI_INDEX, manifests: descriptors }, headers);
}
