/**
 * How image URLs are cut into repository and reference. A repository path may hold
 * slashes, so the API and the pages receive it as a list of segments.
 *
 *   API   /api/v1/apps/{slug}/images/{repo...}/tags
 *         /api/v1/apps/{slug}/images/{repo...}/manifests/{reference}
 *   pages /apps/{slug}/images/{repo...}
 *         /apps/{slug}/images/{repo...}/-/{reference}
 *
 * "-" cannot be a repository path component (components start with a letter or digit),
 * so it separates the repository from a tag or digest without ambiguity.
 */
import { explainRepositoryName, isDigest, isValidTag } from "@/lib/registry/names";

export type ImagesApiTarget = { kind: "tags"; repo: string } | { kind: "manifest"; repo: string; reference: string };
export type ImagesPageTarget = { repo: string; reference: string | null };

const PAGE_SEPARATOR = "-";

function isRepositoryPath(segments: string[]): boolean {
  return segments.length > 0 && explainRepositoryName(segments.join("/")) === null;
}

/** True for a tag or a digest. */
export function isManifestReference(reference: string): boolean {
  return isValidTag(reference) || isDigest(reference);
}

/**
 * Reads the API's catch-all segments. `…/tags` wins over `…/manifests/tags` (the
 * repository is then `…/manifests`); null when neither shape fits.
 */
export function parseImagesApiPath(segments: string[]): ImagesApiTarget | null {
  const last = segments.length - 1;
  if (segments[last] === "tags" && isRepositoryPath(segments.slice(0, last))) return { kind: "tags", repo: segments.slice(0, last).join("/") };
  if (segments.length >= 3 && segments[last - 1] === "manifests" && isRepositoryPath(segments.slice(0, last - 1)) && isManifestReference(segments[last]!)) {
    return { kind: "manifest", repo: segments.slice(0, last - 1).join("/"), reference: segments[last]! };
  }
  return null;
}

/** Reads a page's catch-all segments: a repository, optionally followed by `-/<tag or digest>`. */
export function parseImagesPagePath(segments: string[]): ImagesPageTarget | null {
  const separator = segments.indexOf(PAGE_SEPARATOR);
  if (separator === -1) return isRepositoryPath(segments) ? { repo: segments.join("/"), reference: null } : null;
  const reference = segments[separator + 1];
  if (separator + 2 !== segments.length || !reference || !isManifestReference(reference)) return null;
  const repo = segments.slice(0, separator);
  return isRepositoryPath(repo) ? { repo: repo.join("/"), reference } : null;
}

/**
 * Percent-decodes route segments whatever the framework already did: valid names,
 * tags and digests never contain "%", so decoding twice is harmless. Malformed stays as is.
 */
export function decodeSegments(segments: string[]): string[] {
  return segments.map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

function encodeRepo(repo: string): string {
  return repo.split("/").map(encodeURIComponent).join("/");
}

/** The page of a repository (`reference` null) or of one of its tags or digests. */
export function buildImagesPageHref(slug: string, repo: string, reference: string | null = null): string {
  const base = `/apps/${encodeURIComponent(slug)}/images/${encodeRepo(repo)}`;
  return reference === null ? base : `${base}/${PAGE_SEPARATOR}/${encodeURIComponent(reference)}`;
}

/** The API path (under /api/v1) of a repository's tags, or of one manifest when `reference` is given. */
export function buildImagesApiPath(slug: string, repo: string, reference?: string): string {
  const base = `/apps/${encodeURIComponent(slug)}/images/${encodeRepo(repo)}`;
  return reference === undefined ? `${base}/tags` : `${base}/manifests/${encodeURIComponent(reference)}`;
}
