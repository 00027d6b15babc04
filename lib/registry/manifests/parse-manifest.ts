/**
 * Parses and validates a pushed manifest (spec "Pushing Manifests"; OCI image-spec
 * manifest.md and image-index.md; Docker schema 2) and lists what it references, so
 * the registry can refuse a manifest whose blobs or children are missing.
 */
import { RegistryError } from "@/lib/registry/errors";
import { tryParseDigest } from "@/lib/registry/digests";
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  FOREIGN_LAYER_TYPES,
  IMAGE_MANIFEST_TYPES,
  OCI_INDEX,
  OCI_MANIFEST,
  isManifestMediaType,
  stripMediaTypeParameters,
} from "@/lib/registry/manifests/media-types";

/** Spec: "Clients and registries SHOULD expect to support manifest uploads of at least 4 MiB." Ours is exactly that. */
export const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;

export interface Platform {
  os?: string;
  architecture?: string;
  variant?: string;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  artifactType?: string;
  annotations?: Record<string, string>;
  platform?: Platform;
  urls?: string[];
}

export interface ParsedManifest {
  mediaType: string;
  kind: "image" | "index";
  config: Descriptor | null;
  layers: Descriptor[];
  manifests: Descriptor[];
  subject: Descriptor | null;
  artifactType: string | null;
  annotations: Record<string, string> | null;
}

function invalid(message: string, detail?: unknown): RegistryError {
  return new RegistryError("MANIFEST_INVALID", `manifest invalid: ${message}`, detail);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function readStringMap(value: unknown, where: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value) || Object.values(value).some((entry) => typeof entry !== "string")) {
    throw invalid(`${where} must be an object of strings`);
  }
  return value as Record<string, string>;
}

function readPlatform(value: unknown, where: string): Platform | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isObject(value)) throw invalid(`${where}.platform must be an object`);
  const platform: Platform = {};
  for (const key of ["os", "architecture", "variant"] as const) {
    if (typeof value[key] === "string") platform[key] = value[key] as string;
  }
  return platform;
}

/** RFC 6838 `type/subtype` (with `+suffix`), as the OCI image spec requires of media types. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;

/** Validates one descriptor (OCI image-spec descriptor.md): mediaType, digest and size are required. */
export function readDescriptor(value: unknown, where: string): Descriptor {
  if (!isObject(value)) throw invalid(`${where} must be a descriptor object`);
  const { mediaType, digest, size } = value;
  if (typeof mediaType !== "string" || mediaType.trim() === "") throw invalid(`${where}.mediaType is required`);
  if (!MEDIA_TYPE.test(mediaType)) throw invalid(`${where}.mediaType ${JSON.stringify(mediaType.slice(0, 100))} is not a media type (type/subtype)`);
  if (typeof value.artifactType === "string" && !MEDIA_TYPE.test(value.artifactType)) {
    throw invalid(`${where}.artifactType ${JSON.stringify(value.artifactType.slice(0, 100))} is not a media type (type/subtype)`);
  }
  if (typeof digest !== "string" || !tryParseDigest(digest)) {
    throw invalid(`${where}.digest is not a sha256 or sha512 digest`, { digest: digest ?? null });
  }
  if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) throw invalid(`${where}.size must be a non-negative integer`);
  const descriptor: Descriptor = { mediaType, digest, size };
  if (typeof value.artifactType === "string") descriptor.artifactType = value.artifactType;
  const annotations = readStringMap(value.annotations, `${where}.annotations`);
  if (annotations) descriptor.annotations = annotations;
  const platform = readPlatform(value.platform, where);
  if (platform) descriptor.platform = platform;
  if (Array.isArray(value.urls)) descriptor.urls = value.urls.filter((url): url is string => typeof url === "string");
  return descriptor;
}

function readDescriptorList(value: unknown, where: string, isRequired: boolean): Descriptor[] {
  if (value === undefined || value === null) {
    if (isRequired) throw invalid(`${where} is required`);
    return [];
  }
  if (!Array.isArray(value)) throw invalid(`${where} must be an array`);
  return value.map((entry, index) => readDescriptor(entry, `${where}[${index}]`));
}

function resolveMediaType(json: Record<string, unknown>, contentType: string | undefined): string {
  const declared = typeof json.mediaType === "string" ? json.mediaType : null;
  const header = stripMediaTypeParameters(contentType);
  if (declared !== null) {
    if (header && isManifestMediaType(header) && header !== declared) {
      throw invalid(`Content-Type ${header} does not match the manifest's mediaType ${declared}`);
    }
    return declared;
  }
  if (header && isManifestMediaType(header)) return header;
  // OCI allows omitting mediaType; tell an index from an image by its shape.
  if (Array.isArray(json.manifests)) return OCI_INDEX;
  if (json.config !== undefined) return OCI_MANIFEST;
  throw invalid("the manifest has no mediaType and its Content-Type is not a manifest type");
}

/** Parses a manifest body; throws MANIFEST_INVALID (with the reason) for anything the registry will not store. */
export function parseManifest(body: Uint8Array, contentType?: string): ParsedManifest {
  if (body.length > MAX_MANIFEST_BYTES) {
    throw new RegistryError("MANIFEST_INVALID", `manifest invalid: larger than ${MAX_MANIFEST_BYTES} bytes`, undefined, { status: 413 });
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("utf8"));
  } catch {
    throw invalid("the body is not JSON");
  }
  if (!isObject(json)) throw invalid("the body is not a JSON object");
  if (json.schemaVersion !== 2) throw invalid("schemaVersion must be 2");
  const mediaType = resolveMediaType(json, contentType);
  if (!isManifestMediaType(mediaType)) throw invalid(`unsupported manifest media type ${mediaType}`, { mediaType });
  const kind = IMAGE_MANIFEST_TYPES.includes(mediaType) ? "image" : "index";
  const artifactType = json.artifactType === undefined ? null : json.artifactType;
  if (artifactType !== null && typeof artifactType !== "string") throw invalid("artifactType must be a string");
  const parsed: ParsedManifest = {
    mediaType,
    kind,
    config: kind === "image" ? readDescriptor(json.config, "config") : null,
    layers: kind === "image" ? readDescriptorList(json.layers, "layers", mediaType === DOCKER_MANIFEST) : [],
    manifests: kind === "index" ? readDescriptorList(json.manifests, "manifests", true) : [],
    subject: json.subject === undefined || json.subject === null ? null : readDescriptor(json.subject, "subject"),
    artifactType: artifactType === "" ? null : artifactType,
    annotations: readStringMap(json.annotations, "annotations") ?? null,
  };
  if (mediaType === DOCKER_MANIFEST_LIST && parsed.subject) throw invalid("a Docker manifest list cannot carry a subject");
  return parsed;
}

/** Blobs that must already be in the repository: the config and every layer except foreign ones served from `urls`. */
export function listBlobReferences(manifest: ParsedManifest): Descriptor[] {
  const layers = manifest.layers.filter((layer) => !(FOREIGN_LAYER_TYPES.includes(layer.mediaType) && layer.urls?.length));
  return manifest.config ? [manifest.config, ...layers] : layers;
}

/** Child manifests an index lists; each must already be in the repository. */
export function listChildManifests(manifest: ParsedManifest): Descriptor[] {
  return manifest.manifests;
}

/** One thing a manifest points at: a child manifest of an index, or a blob. */
export interface ManifestReferenceEntry {
  digest: string;
  isManifest: boolean;
}

/** What the manifest points at, once per digest (a config may double as a layer). */
export function listManifestReferences(manifest: ParsedManifest): ManifestReferenceEntry[] {
  const references = new Map<string, boolean>();
  for (const descriptor of listChildManifests(manifest)) references.set(descriptor.digest, true);
  for (const descriptor of listBlobReferences(manifest)) if (!references.has(descriptor.digest)) references.set(descriptor.digest, false);
  return [...references].map(([digest, isManifest]) => ({ digest, isManifest }));
}

/**
 * The artifactType a referrers listing shows for this manifest (spec "Listing Referrers"):
 * its own artifactType, else an image manifest's config mediaType, else none.
 */
export function resolveArtifactType(manifest: ParsedManifest): string | null {
  if (manifest.artifactType) return manifest.artifactType;
  if (manifest.kind === "image" && manifest.config) return manifest.config.mediaType;
  return null;
}
