/**
 * Describes a stored manifest from its row: the registry's `summary` (written on push)
 * when it is enough, else the manifest bytes. Lists never read the bytes unless
 * `needsContentToDescribe` says the summary cannot tell what the manifest is.
 */
import { classifyManifest, readManifestFacts, type ManifestClassification } from "@/lib/images/describe/describe-media-type";
import { isIndexMediaType } from "@/lib/registry/manifests/media-types";
import { describeIndexChildren, formatPlatform } from "@/lib/images/describe/platforms";
import { readRecord, readString } from "@/lib/registry/manifests/read-json";
import type { ManifestDescription, PlatformEntry } from "./types";

export interface StoredManifestFacts {
  mediaType: string;
  artifactType: string | null;
  /** The registry's summary (lib/registry/manifests/summarise-manifest), or null for rows written without one. */
  summary: unknown;
  /** The manifest bytes, when they were read. */
  content?: Uint8Array | null;
}

interface SummaryChild {
  platform: string | null;
  isAttestation: boolean;
}

function readSummaryChildren(summary: Record<string, unknown>): SummaryChild[] | null {
  if (!Array.isArray(summary.manifests)) return null;
  return summary.manifests.map((child) => {
    const record = readRecord(child) ?? {};
    return { platform: formatPlatform(readRecord(record.platform)), isAttestation: record.isAttestation === true };
  });
}

/** Classification from the summary alone: fine for indexes, Helm charts and typed artifacts, not for cosign-style signatures. */
function classifyFromSummary(facts: StoredManifestFacts, summary: Record<string, unknown>): ManifestClassification {
  return classifyManifest({
    mediaType: facts.mediaType,
    artifactType: facts.artifactType ?? readString(summary.artifactType),
    configMediaType: readString(summary.configMediaType),
  });
}

/**
 * True when the summary cannot describe the manifest: it is missing, an index has buildx
 * attestations (their platform is in annotations the summary drops), or an "image"
 * has no platform (cosign signatures and SBOMs look like that; their layers tell).
 */
export function needsContentToDescribe(facts: StoredManifestFacts): boolean {
  const summary = readRecord(facts.summary);
  if (!summary) return true;
  if (summary.kind === "index") return (readSummaryChildren(summary) ?? []).some((child) => child.isAttestation);
  const isPlainImage = classifyFromSummary(facts, summary).kind === "image";
  return isPlainImage && formatPlatform(readRecord(summary.platform)) === null;
}

/** Groups index children into platforms, marking those buildx attested; attestations never become platforms. */
function collectPlatforms(children: { platform: string | null; isAttestation: boolean }[]): Omit<ManifestDescription, "kind" | "label"> {
  const platforms = new Map<string, PlatformEntry>();
  for (const child of children) {
    if (!child.isAttestation && child.platform && !platforms.has(child.platform)) platforms.set(child.platform, { name: child.platform, isAttested: false });
  }
  let attestationCount = 0;
  for (const child of children) {
    if (!child.isAttestation) continue;
    attestationCount += 1;
    const entry = child.platform ? platforms.get(child.platform) : undefined;
    if (entry) entry.isAttested = true;
  }
  return { platforms: [...platforms.values()], attestationCount };
}

function describeFromContent(facts: StoredManifestFacts, content: Uint8Array): ManifestDescription {
  const manifestFacts = readManifestFacts(content, facts.mediaType);
  manifestFacts.artifactType ??= facts.artifactType ?? undefined;
  const { kind, label } = classifyManifest(manifestFacts);
  if (isIndexMediaType(manifestFacts.mediaType)) {
    const children = describeIndexChildren(content).map((child) => ({ platform: child.platform, isAttestation: child.attestationFor !== undefined }));
    return { kind, label, ...collectPlatforms(children) };
  }
  const platform = formatPlatform(readRecord(readRecord(facts.summary)?.platform));
  return { kind, label, platforms: platform ? [{ name: platform, isAttested: false }] : [], attestationCount: 0 };
}

/**
 * Says what a stored manifest is (kind, plain-words label) and which platforms it
 * serves. Uses the bytes when given, else the summary; never throws on odd rows.
 */
export function describeStoredManifest(facts: StoredManifestFacts): ManifestDescription {
  if (facts.content && facts.content.byteLength > 0) return describeFromContent(facts, facts.content);
  const summary = readRecord(facts.summary) ?? {};
  const { kind, label } = classifyFromSummary(facts, summary);
  const children = readSummaryChildren(summary);
  if (children) return { kind, label, ...collectPlatforms(children) };
  const platform = formatPlatform(readRecord(summary.platform));
  return { kind, label, platforms: platform ? [{ name: platform, isAttested: false }] : [], attestationCount: 0 };
}
