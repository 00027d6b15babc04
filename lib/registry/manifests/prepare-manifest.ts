/**
 * What a manifest PUT must satisfy before anything is stored (spec "Pushing Manifests"):
 * the URL's reference is a valid tag or a supported digest, the body is a manifest the
 * registry accepts, and a digest reference is the digest of those exact bytes. Pure, so
 * the registry's handler and the pull-through proxy validate content the same way.
 */
import { computeDigest, tryParseDigest, type ParsedDigest } from "@/lib/registry/digests";
import { RegistryError } from "@/lib/registry/errors";
import { listManifestReferences, parseManifest, type ManifestReferenceEntry, type ParsedManifest } from "@/lib/registry/manifests/parse-manifest";
import { DIGEST_PATTERN, explainTag, isValidTag } from "@/lib/registry/names";

export type ManifestReference = { digest: string; parsed: ParsedDigest } | { tag: string };

export interface PreparedManifest {
  /** The body exactly as received: what GET serves and what the digest covers. */
  body: Buffer;
  digest: string;
  manifest: ParsedManifest;
  /** The tag to point at the manifest, when the reference was a tag. */
  tag: string | null;
  /** What the manifest points at, once per digest (the store's reference rows). */
  references: ManifestReferenceEntry[];
}

/**
 * A manifest reference is a digest or a tag (spec "reference"); a digest-shaped value of an
 * unsupported algorithm is DIGEST_INVALID, anything else that is not a tag is null.
 */
export function parseManifestReference(reference: string): ManifestReference | null {
  const parsed = tryParseDigest(reference);
  if (parsed) return { digest: parsed.digest, parsed };
  if (DIGEST_PATTERN.test(reference)) throw new RegistryError("DIGEST_INVALID", "only sha256 and sha512 digests are accepted", { digest: reference });
  return isValidTag(reference) ? { tag: reference } : null;
}

/** The reference of a manifest PUT: a digest, or a valid tag (else MANIFEST_INVALID saying why). */
export function parsePushReference(reference: string): ManifestReference {
  const parsed = parseManifestReference(reference);
  if (parsed) return parsed;
  throw new RegistryError("MANIFEST_INVALID", `invalid tag ${JSON.stringify(reference)}: ${explainTag(reference) ?? "not a tag"}`, { tag: reference });
}

/**
 * Validates a manifest body pushed (or fetched) under `reference`: parses it (MANIFEST_INVALID
 * with the reason), computes its digest with the reference's algorithm (sha256 for a tag) and
 * refuses a digest reference the bytes do not match (DIGEST_INVALID).
 */
export function prepareManifest(body: Buffer, contentType: string | undefined, reference: ManifestReference | string): PreparedManifest {
  const parsedReference = typeof reference === "string" ? parsePushReference(reference) : reference;
  const manifest = parseManifest(body, contentType);
  const digest = computeDigest(body, "parsed" in parsedReference ? parsedReference.parsed.algorithm : "sha256");
  if ("digest" in parsedReference && digest !== parsedReference.digest) {
    throw new RegistryError("DIGEST_INVALID", `the manifest's digest is ${digest}, not ${parsedReference.digest}`, { digest: parsedReference.digest });
  }
  return { body, digest, manifest, tag: "tag" in parsedReference ? parsedReference.tag : null, references: listManifestReferences(manifest) };
}
