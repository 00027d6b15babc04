/**
 * The children of a multi-platform index, each with the platform it serves. buildx
 * stores provenance and SBOMs as extra children with the placeholder platform
 * `unknown/unknown`; those are attributed to the child they describe instead.
 */
import { ATTESTATION_MANIFEST, DOCKER_REFERENCE_DIGEST, DOCKER_REFERENCE_TYPE } from "@/lib/registry/manifests/media-types";
import { parseJsonInput, readRecord, readSize, readString, readStringMap } from "@/lib/registry/manifests/read-json";

export interface PlatformFields {
  os?: unknown;
  architecture?: unknown;
  variant?: unknown;
}

export interface IndexChild {
  digest: string;
  /** Null when the descriptor's size is missing or not a non-negative integer. */
  size: number | null;
  mediaType: string | null;
  /** `os/arch[/variant]`; for an attestation, the platform of the child it describes. */
  platform: string | null;
  /** Set on buildx attestation manifests: the digest of the child they describe. */
  attestationFor?: string;
}

const UNKNOWN = "unknown";

/**
 * Formats an OCI platform as `os/arch[/variant]`; null when os or architecture is
 * missing, or when both are buildx's `unknown` placeholder.
 */
export function formatPlatform(platform: PlatformFields | null | undefined): string | null {
  const os = readString(platform?.os);
  const architecture = readString(platform?.architecture);
  if (!os || !architecture) return null;
  if (os === UNKNOWN && architecture === UNKNOWN) return null;
  const variant = readString(platform?.variant);
  return variant ? `${os}/${architecture}/${variant}` : `${os}/${architecture}`;
}

/**
 * Lists an index's children in index order (object, JSON string or bytes accepted).
 * Entries without a string digest are skipped; junk input gives an empty list.
 */
export function describeIndexChildren(indexJson: unknown): IndexChild[] {
  const manifests = readRecord(parseJsonInput(indexJson))?.manifests;
  if (!Array.isArray(manifests)) return [];
  const entries = manifests.flatMap((item) => {
    const record = readRecord(item);
    const digest = readString(record?.digest);
    return record && digest ? [{ record, digest, platform: formatPlatform(readRecord(record.platform)) }] : [];
  });

  const platformByDigest = new Map<string, string>();
  for (const entry of entries) {
    if (entry.platform && !platformByDigest.has(entry.digest)) platformByDigest.set(entry.digest, entry.platform);
  }

  return entries.map(({ record, digest, platform }) => {
    const child: IndexChild = {
      digest,
      size: readSize(record.size) ?? null,
      mediaType: readString(record.mediaType) ?? null,
      platform,
    };
    const annotations = readStringMap(record.annotations);
    const subject = annotations[DOCKER_REFERENCE_DIGEST];
    if (annotations[DOCKER_REFERENCE_TYPE] === ATTESTATION_MANIFEST && subject) {
      child.attestationFor = subject;
      child.platform = platformByDigest.get(subject) ?? null;
    }
    return child;
  });
}
