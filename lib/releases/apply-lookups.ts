/**
 * Live look-ups layered on the pure preview: which tags to check, and merging the
 * answers back (availability, digests, sizes, `image-not-found`). The I/O itself
 * (registry database, upstream HEAD requests) lives elsewhere.
 */
import { sortDiagnostics } from "./diagnostic";
import { applyRuleLevels } from "./lint-config";
import type { AirgapEntry, Diagnostic, ImageAvailability, PreviewImage, RegistryImageInfo, ReleaseLookups, ReleasePreview } from "./types";

export interface RegistryLookup {
  key: string;
  /** Full repository path in this portal's registry, e.g. `myapp/worker`. */
  repository: string;
  tag: string | null;
  digest: string | null;
}

export interface UpstreamLookup extends RegistryLookup {
  /** Name of the registered external registry whose credentials to use. */
  externalRegistry: string;
  /** Upstream host, e.g. `quay.io`; `repository` is the path under it. */
  registry: string;
}

export interface RequiredLookups {
  replicated: RegistryLookup[];
  external: UpstreamLookup[];
}

type Checkable = Pick<PreviewImage, "lookupKey" | "externalRegistry"> & { isRegistryImage: boolean };

/** Lists the distinct tags to look up: this application's images, and external ones (checked on request). */
export function listRequiredLookups(preview: ReleasePreview): RequiredLookups {
  const required: RequiredLookups = { replicated: [], external: [] };
  const seen = new Set<string>();
  const candidates: Checkable[] = [
    ...preview.images.map((image) => ({ ...image, isRegistryImage: image.source === "replicated" })),
    ...preview.airgap.map((entry) => ({ ...entry, isRegistryImage: entry.origin === "replicated" })),
  ];
  for (const { lookupKey, externalRegistry, isRegistryImage } of candidates) {
    if (lookupKey === null || seen.has(lookupKey)) continue;
    seen.add(lookupKey);
    if (isRegistryImage) required.replicated.push({ key: lookupKey, ...splitReference(lookupKey) });
    else if (externalRegistry !== null) {
      const slash = lookupKey.indexOf("/");
      const rest = splitReference(lookupKey.slice(slash + 1));
      required.external.push({ key: lookupKey, externalRegistry, registry: lookupKey.slice(0, slash), ...rest });
    }
  }
  return required;
}

/**
 * Returns a new preview with look-up results merged in. Keys absent from `lookups` keep
 * their earlier state, so registry and upstream results may be applied in separate calls.
 */
export function applyLookups(preview: ReleasePreview, lookups: ReleaseLookups): ReleasePreview {
  const diagnostics = [...preview.diagnostics];
  const seen = new Set(diagnostics.map(describeDiagnostic));
  const report = (diagnostic: Diagnostic) => {
    if (seen.has(describeDiagnostic(diagnostic))) return;
    seen.add(describeDiagnostic(diagnostic));
    diagnostics.push(diagnostic);
  };
  const images = preview.images.map((image) => {
    const availability = findAvailability(image.lookupKey, image.source === "replicated", lookups);
    if (!availability) return image;
    if (!availability.exists) report(notFound(image.image, image.source === "replicated", availability, image));
    return { ...image, availability };
  });
  const airgap = preview.airgap.map((entry): AirgapEntry => {
    const availability = findAvailability(entry.lookupKey, entry.origin === "replicated", lookups);
    if (!availability) return entry;
    if (!availability.exists) report(notFound(entry.reference, entry.origin === "replicated", availability, { line: entry.line }));
    return { ...entry, exists: availability.exists, digest: availability.digest ?? null, size: availability.size ?? null };
  });
  const airgapTotalSize = lookups.replicated ? sumAirgap(preview.airgap, lookups) : preview.airgapTotalSize;
  // The release's LintConfig applies to look-up diagnostics as to every other rule.
  return { ...preview, images, airgap, diagnostics: sortDiagnostics(applyRuleLevels(diagnostics, preview.ruleLevels ?? {})), airgapTotalSize };
}

function describeDiagnostic(diagnostic: Diagnostic): string {
  return `${diagnostic.code}|${diagnostic.line}|${diagnostic.message}`;
}

function findAvailability(key: string | null, isRegistryImage: boolean, lookups: ReleaseLookups): ImageAvailability | null {
  if (key === null) return null;
  if (isRegistryImage) {
    if (!lookups.replicated || !Object.hasOwn(lookups.replicated, key)) return null;
    const info = lookups.replicated[key];
    return info ? { exists: true, digest: info.digest, size: info.size } : { exists: false };
  }
  if (!lookups.external || !Object.hasOwn(lookups.external, key)) return null;
  const check = lookups.external[key];
  return check.message === undefined ? { exists: check.exists } : { exists: check.exists, message: check.message };
}

function notFound(
  image: string,
  isRegistryImage: boolean,
  availability: ImageAvailability,
  at: { line: number; column?: number; from?: number; to?: number },
): Diagnostic {
  const message = isRegistryImage
    ? `"${image}" has not been pushed to this application's registry; push that tag before customers install the release.`
    : `"${image}" was not found in the upstream registry${availability.message ? ` (${availability.message})` : ""}; check the tag and the registry's credentials.`;
  const diagnostic: Diagnostic = { code: "image-not-found", severity: "warning", message, line: at.line };
  if (at.column !== undefined) Object.assign(diagnostic, { column: at.column, from: at.from, to: at.to });
  return diagnostic;
}

/** Compressed bytes of the bundle's registry images, each blob counted once; null while any is unchecked. */
function sumAirgap(entries: readonly AirgapEntry[], lookups: ReleaseLookups): number | null {
  const blobs = new Map<string, number>();
  let total = 0;
  for (const entry of entries) {
    if (entry.origin !== "replicated" || entry.lookupKey === null) continue;
    if (!lookups.replicated || !Object.hasOwn(lookups.replicated, entry.lookupKey)) return null;
    const info: RegistryImageInfo | null = lookups.replicated[entry.lookupKey];
    if (!info) continue;
    if (!info.blobs) {
      // Without a blob list the image can only be counted whole, once per manifest.
      if (!blobs.has(info.digest)) blobs.set(info.digest, info.size);
      continue;
    }
    for (const blob of info.blobs) blobs.set(blob.digest, blob.size);
  }
  for (const size of blobs.values()) total += size;
  return total;
}

/** Splits `repository[:tag][@digest]`. */
function splitReference(reference: string): { repository: string; tag: string | null; digest: string | null } {
  const at = reference.indexOf("@");
  const name = at === -1 ? reference : reference.slice(0, at);
  const digest = at === -1 ? null : reference.slice(at + 1);
  const colon = name.lastIndexOf(":");
  const hasTag = colon > name.lastIndexOf("/");
  return { repository: hasTag ? name.slice(0, colon) : name, tag: hasTag ? name.slice(colon + 1) : null, digest };
}
