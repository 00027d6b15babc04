/** The browser's calls to /api/v1/apps/{slug}/images. */
import { apiFetch } from "@/components/ui/api-client";
import { buildImagesApiPath } from "@/lib/images/image-paths";
import type { IMAGE_ROUTES } from "@/lib/api/openapi/images";
import type { ResponseOf } from "@/lib/api/openapi/contract";
import type { ManifestDetail, RepositoryListItem, TagPage } from "@/lib/images/types";

/** How often lists look for new pushes; the issue asks for them within five seconds. */
export const POLL_INTERVAL_MS = 3_000;
/** Tags per page: enough to fill a screen twice, small enough to render at once. */
export const TAG_PAGE_SIZE = 100;

export function fetchRepositories(slug: string, q: string): Promise<RepositoryListItem[]> {
  const query = q ? `?q=${encodeURIComponent(q)}` : "";
  return apiFetch<ResponseOf<typeof IMAGE_ROUTES.repositories>>(`/apps/${encodeURIComponent(slug)}/images${query}`).then((body) => body.repositories);
}

export function fetchTags(slug: string, repo: string, options: { q: string; cursor: string | null; limit: number }): Promise<TagPage> {
  const params = new URLSearchParams({ limit: String(options.limit) });
  if (options.q) params.set("q", options.q);
  if (options.cursor) params.set("cursor", options.cursor);
  return apiFetch<ResponseOf<typeof IMAGE_ROUTES.tags>>(`${buildImagesApiPath(slug, repo)}?${params}`);
}

export function fetchManifest(slug: string, repo: string, reference: string): Promise<ManifestDetail> {
  return apiFetch<ResponseOf<typeof IMAGE_ROUTES.manifest>>(buildImagesApiPath(slug, repo, reference)).then((body) => body.manifest);
}

/** Deletes a tag (only the tag) or, given a digest, the manifest and its tags. */
export function deleteReference(slug: string, repo: string, reference: string): Promise<ResponseOf<typeof IMAGE_ROUTES.deleteReference>> {
  return apiFetch(buildImagesApiPath(slug, repo, reference), { method: "DELETE" });
}
