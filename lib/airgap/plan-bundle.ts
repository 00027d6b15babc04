/**
 * The first pass of a build: resolve every image of the release's `images:` to its
 * manifests (an index and each of its children, every platform) and the blobs they name,
 * without moving any layer. Manifests are small (at most 4 MiB each) and kept in memory;
 * blobs are only listed, with their sizes, so the second pass knows the bundle's total
 * and can stream each blob once however many images share it.
 */
import { isIndexMediaType } from "@/lib/registry/manifests/media-types";
import { listBlobReferences, parseManifest, type Descriptor, type ParsedManifest } from "@/lib/registry/manifests/parse-manifest";
import { AirgapImageError, toAirgapImageError } from "./airgap-errors";
import type { FetchedManifest, ImageSource } from "./image-sources";

/** How deep indexes may nest (an index of indexes is allowed, one more level is not). */
const MAX_INDEX_DEPTH = 2;

export interface PlannedImage {
  /** As the release's `images:` names it. */
  reference: string;
  /** Its name in the bundle's index.json (airgap-names.ts). */
  refName: string;
  /** The manifest or index the name points at. */
  descriptor: { mediaType: string; digest: string; size: number };
  /** `os/architecture[/variant]` of each image an index holds (attestations left out); empty for a single manifest until its config is read. */
  platforms: string[];
  /** The config of a single-manifest image, whose platform the writer reads while streaming it. */
  configDigest: string | null;
  /** The top manifest first, then its children: every manifest the image needs, bytes included. */
  manifests: FetchedManifest[];
  /** Config and layer blobs, each once, in manifest order. */
  blobs: Descriptor[];
  /** Bytes of everything above, each blob once. */
  size: number;
  source: ImageSource;
}

export interface ImageRequest {
  reference: string;
  refName: string;
  /** The tag or digest to resolve. */
  tagOrDigest: string;
  source: ImageSource;
}

function formatPlatform(descriptor: Descriptor): string | null {
  const platform = descriptor.platform;
  if (!platform?.os || !platform.architecture || platform.os === "unknown") return null;
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join("/");
}

function parseFetched(reference: string, fetched: FetchedManifest): ParsedManifest {
  try {
    return parseManifest(fetched.content, fetched.mediaType);
  } catch (error) {
    throw new AirgapImageError(reference, "unsupported", `the manifest ${fetched.digest} cannot be bundled: ${error instanceof Error ? error.message : error}`);
  }
}

/** Resolves one image: its manifests (children of indexes included) and its blobs; throws AirgapImageError naming it. */
export async function planImage(request: ImageRequest): Promise<PlannedImage> {
  const { reference, source } = request;
  try {
    const top = await source.getManifest(request.tagOrDigest);
    const manifests: FetchedManifest[] = [];
    const blobs = new Map<string, Descriptor>();
    const platforms: string[] = [];
    const visit = async (fetched: FetchedManifest, depth: number): Promise<ParsedManifest> => {
      manifests.push(fetched);
      const parsed = parseFetched(reference, fetched);
      if (parsed.kind === "index" || isIndexMediaType(parsed.mediaType)) {
        if (depth >= MAX_INDEX_DEPTH) throw new AirgapImageError(reference, "unsupported", "indexes nest more than two levels deep");
        for (const child of parsed.manifests) {
          if (manifests.some((known) => known.digest === child.digest)) continue;
          const fetchedChild = await source.getManifest(child.digest);
          if (fetchedChild.digest !== child.digest) throw new AirgapImageError(reference, "digest_mismatch", `the manifest ${child.digest} arrived with digest ${fetchedChild.digest}`);
          await visit(fetchedChild, depth + 1);
          const platform = formatPlatform(child);
          if (platform && depth === 0) platforms.push(platform);
        }
      }
      for (const blob of listBlobReferences(parsed)) if (!blobs.has(blob.digest)) blobs.set(blob.digest, blob);
      return parsed;
    };
    const parsedTop = await visit(top, 0);
    const size = manifests.reduce((sum, manifest) => sum + manifest.content.length, 0) + [...blobs.values()].reduce((sum, blob) => sum + blob.size, 0);
    return {
      reference,
      refName: request.refName,
      descriptor: { mediaType: top.mediaType, digest: top.digest, size: top.content.length },
      platforms,
      configDigest: parsedTop.kind === "image" ? (parsedTop.config?.digest ?? null) : null,
      manifests,
      blobs: [...blobs.values()],
      size,
      source,
    };
  } catch (error) {
    throw toAirgapImageError(reference, error);
  }
}
