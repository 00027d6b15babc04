/**
 * The small files of a bundle beside its blobs: `oci-layout`, `index.json` (every image
 * named by `org.opencontainers.image.ref.name`, OCI image-layout spec) and `bundle.json`
 * (what the bundle holds, for installers and people). Pure.
 */
import { OCI_INDEX } from "@/lib/registry/manifests/media-types";
import { LOCAL_REGISTRY_PLACEHOLDER } from "./airgap-names";

/** Bumped when bundle.json or the layout changes in a way readers must know. */
export const BUNDLE_FORMAT_VERSION = 1;
export const REF_NAME_ANNOTATION = "org.opencontainers.image.ref.name";
/** Where the release's rewritten manifests are inside the bundle. */
export const MANIFESTS_PATH = "manifests/release.yaml";

export interface BundleImage {
  reference: string;
  name: string;
  mediaType: string;
  digest: string;
  size: number;
  platforms: string[];
}

export interface BundleDescription {
  app: { slug: string; name: string };
  release: { sequence: number; channels: { channel: string; version: string }[] };
  images: BundleImage[];
  createdAt: Date;
}

export function renderOciLayout(): Buffer {
  return Buffer.from(`${JSON.stringify({ imageLayoutVersion: "1.0.0" })}\n`);
}

/** index.json: one descriptor per image name (a name listed twice is kept once). */
export function renderIndexJson(images: readonly BundleImage[]): Buffer {
  const seen = new Set<string>();
  const manifests = images
    .filter((image) => !seen.has(image.name) && seen.add(image.name))
    .map((image) => ({ mediaType: image.mediaType, digest: image.digest, size: image.size, annotations: { [REF_NAME_ANNOTATION]: image.name } }));
  return Buffer.from(`${JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }, null, 2)}\n`);
}

/** bundle.json: the application, release, channel versions, format and every image. */
export function renderBundleJson(description: BundleDescription): Buffer {
  const document = {
    formatVersion: BUNDLE_FORMAT_VERSION,
    app: description.app,
    release: description.release,
    registryPlaceholder: LOCAL_REGISTRY_PLACEHOLDER,
    manifests: MANIFESTS_PATH,
    createdAt: description.createdAt.toISOString(),
    images: description.images.map((image) => ({
      reference: image.reference,
      name: image.name,
      digest: image.digest,
      mediaType: image.mediaType,
      platforms: image.platforms,
      size: image.size,
    })),
  };
  return Buffer.from(`${JSON.stringify(document, null, 2)}\n`);
}
