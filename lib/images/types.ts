/**
 * What the images pages and `/api/v1/apps/{slug}/images/...` return. Plain JSON shapes
 * (dates as ISO strings, sizes as numbers) so a server page can hand them straight to
 * the browser and the API can serialise them unchanged.
 */
import type { ImageConfigSummary } from "@/lib/registry/manifests/config-summary";
import type { ManifestKind } from "@/lib/images/describe/describe-media-type";

export type { ImageConfigSummary, ManifestKind };

/** One repository under an application, as the repositories list shows it. */
export interface RepositoryListItem {
  /** Full name, `<slug>/<path>`. */
  name: string;
  /** The name under the application: what follows `<slug>/`. */
  path: string;
  tagCount: number;
  manifestCount: number;
  /** The blobs the repository holds (pushed or mounted; each once however many tags share it), plus its manifests' bytes. */
  storedBytes: number;
  /** The latest manifest push or tag move; null when nothing was pushed yet. */
  lastPushedAt: string | null;
  /** With a search: up to five tags whose names matched (newest first). */
  matchedTags: string[];
}

/** A platform an image or index serves, and whether buildx attached attestations to it. */
export interface PlatformEntry {
  name: string;
  isAttested: boolean;
}

/** What a manifest is, in plain words, and the platforms it serves. */
export interface ManifestDescription {
  kind: ManifestKind;
  label: string;
  platforms: PlatformEntry[];
  /** Attestation manifests in an index (never listed as platforms). */
  attestationCount: number;
}

/** One tag row of a repository. */
export interface TagListItem extends ManifestDescription {
  id: string;
  name: string;
  digest: string;
  mediaType: string;
  /** Compressed size: config and layers (for an index, the sum over its children). */
  size: number;
  pushedAt: string;
  /** The e-mail of the pusher, or `token:<name>` for a personal access token. */
  pushedBy: string | null;
}

export interface TagPage {
  tags: TagListItem[];
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: string | null;
  /** Tags matching the filter, across all pages. */
  total: number;
}

export interface LayerView {
  digest: string;
  size: number | null;
  mediaType: string | null;
  /** The media type in plain words ("Layer (gzip)"). */
  description: string;
}

export interface IndexChildView {
  digest: string;
  size: number | null;
  mediaType: string | null;
  /** `os/arch[/variant]`; for an attestation, the platform it describes. */
  platform: string | null;
  /** Set on buildx attestation manifests: the digest of the child they describe. */
  attestationFor: string | null;
  /** Whether the child manifest is stored in this repository. */
  isStored: boolean;
  /** The child's compressed content size (config and layers) when it is stored; `size` is its manifest's bytes. */
  contentSize: number | null;
}

export interface ReferrerView {
  digest: string;
  mediaType: string;
  artifactType: string | null;
  kind: ManifestKind;
  label: string;
  size: number;
  pushedAt: string;
}

/** Everything the tag (or digest) page shows about one manifest. */
export interface ManifestDetail extends ManifestDescription {
  repository: string;
  path: string;
  /** The tag or digest it was asked for. */
  reference: string;
  digest: string;
  mediaType: string;
  artifactType: string | null;
  /** Bytes of the manifest itself. */
  manifestSize: number;
  /** Compressed size of the content (config and layers, or the children's totals). */
  size: number;
  pushedAt: string;
  pushedBy: string | null;
  /** Tags pointing at this manifest, newest first. */
  tags: string[];
  /** The manifest this one is attached to (OCI `subject`), if any. */
  subject: string | null;
  config: LayerView | null;
  configSummary: ImageConfigSummary | null;
  layers: LayerView[];
  children: IndexChildView[];
  referrers: ReferrerView[];
  annotations: Record<string, string>;
  pull: { byDigest: string; byTag: string | null };
}
