/** Shapes the release store returns to routes and pages (dates as Date; JSON turns them into ISO strings). */
import type { Diagnostic, ReleaseLookups, ReleasePreview } from "@/lib/releases";

/** `{ "<repository>:<tag>": digest }` of this application's own image tags when a release was created; null when the tag had not been pushed. */
export type ImageDigests = Record<string, string | null>;

/** A tag a release uses whose digest is no longer the one recorded at creation. */
export interface ChangedTag {
  /** `<repository>:<tag>`, e.g. `myapp/worker:1.0.1`. */
  image: string;
  digestAtRelease: string | null;
  /** The digest the tag points to now; null when the tag has been deleted. */
  currentDigest: string | null;
}

export interface ReleaseAuthor {
  name: string;
  email: string;
}

export interface ReleaseSummary {
  sequence: number;
  notes: string;
  createdAt: Date;
  createdBy: ReleaseAuthor;
  /** Distinct container images the release's resources use. */
  imageCount: number;
  /** Names of the external registries the release's `images:` list uses. */
  sources: string[];
  changedTags: ChangedTag[];
}

export interface ReleaseDetail extends ReleaseSummary {
  yaml: string;
  imageDigests: ImageDigests;
  /** The preview with today's context and registry look-ups. */
  preview: PreviewResponse;
}

export interface CreatedRelease {
  release: ReleaseDetail;
  /** Warnings and notes that remained when the release was created. */
  warnings: Diagnostic[];
}

export interface ReleaseDraftView {
  yaml: string;
  notes: string;
  updatedAt: Date;
}

/** A preview for the API and the editor: the page's preview plus the raw look-ups it merged. */
export interface PreviewResponse extends ReleasePreview {
  /** Raw look-up results, so the browser can merge them into its own instant preview. */
  lookups: ReleaseLookups;
}
