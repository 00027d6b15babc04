/**
 * Docker/OCI image references (`[host[:port]/]path[:tag][@digest]`), following
 * distribution/reference: the first path component is a registry host when it
 * contains "." or ":" or is "localhost"; otherwise the image lives on Docker Hub.
 */
import { DIGEST_PATTERN, MAX_REPOSITORY_NAME_LENGTH, explainRepositoryName, explainTag } from "@/lib/registry/names";
import { splitAuthority } from "@/lib/net/host-port";
import type { ImageReference } from "./types";

export const DOCKER_HUB_REGISTRY = "index.docker.io";
const DOCKER_HUB_ALIASES = new Set(["docker.io", "index.docker.io", "registry-1.docker.io"]);
const HOST_COMPONENT = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const HEX_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

export type ImageReferenceResult = { ok: true; reference: ImageReference } | { ok: false; reason: string };

/** Parses an image reference; on failure the reason is a sentence a vendor can act on. */
export function parseImageReference(input: string): ImageReferenceResult {
  if (input.length === 0) return fail("the image is empty");
  if (/\s/.test(input)) return fail(`"${input}" contains whitespace`);
  if (input.includes("://")) return fail(`remove the scheme from "${input}"; a reference starts with the registry host`);
  const at = input.indexOf("@");
  const namePart = at === -1 ? input : input.slice(0, at);
  const digest = at === -1 ? null : input.slice(at + 1);
  if (digest !== null) {
    const reason = explainDigest(digest);
    if (reason) return fail(reason);
  }
  const colon = namePart.lastIndexOf(":");
  const hasTag = colon > namePart.lastIndexOf("/");
  const tag = hasTag ? namePart.slice(colon + 1) : null;
  if (tag !== null) {
    const reason = explainTag(tag);
    if (reason) return fail(reason);
  }
  const parsed = parseImageName(hasTag ? namePart.slice(0, colon) : namePart);
  if (!parsed.ok) return parsed;
  return { ok: true, reference: { ...parsed.reference, tag, digest } };
}

/** Parses a name without tag or digest (`quay.io/ns/img`, `redis`) into registry and repository. */
export function parseImageName(name: string): ImageReferenceResult {
  if (name.length === 0) return fail("the image name is empty");
  const slash = name.indexOf("/");
  const first = slash === -1 ? "" : name.slice(0, slash);
  const hasDomain = slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const domain = hasDomain ? first.toLowerCase() : DOCKER_HUB_REGISTRY;
  let repository = hasDomain ? name.slice(slash + 1) : name;
  if (hasDomain) {
    const reason = explainRegistryHost(first);
    if (reason) return fail(reason);
  }
  const registry = DOCKER_HUB_ALIASES.has(domain) ? DOCKER_HUB_REGISTRY : domain;
  if (registry === DOCKER_HUB_REGISTRY && !repository.includes("/")) repository = `library/${repository}`;
  const reason = explainRepositoryName(repository);
  if (reason) return fail(reason);
  if (registry.length + 1 + repository.length > MAX_REPOSITORY_NAME_LENGTH) {
    return fail(`"${name}" is longer than ${MAX_REPOSITORY_NAME_LENGTH} characters`);
  }
  return { ok: true, reference: { registry, repository, tag: null, digest: null } };
}

/** Formats a reference back into `registry/repository[:tag][@digest]`. */
export function formatImageReference(reference: ImageReference): string {
  const tag = reference.tag === null ? "" : `:${reference.tag}`;
  const digest = reference.digest === null ? "" : `@${reference.digest}`;
  return `${reference.registry}/${reference.repository}${tag}${digest}`;
}

/** Explains why a registry host[:port] is invalid, or null. */
export function explainRegistryHost(host: string): string | null {
  const authority = splitAuthority(host);
  if (!authority || authority.hostname === "" || (authority.isBracketed && !/^[0-9a-f:.]+$/.test(authority.hostname))) return `"${host}" is not a valid registry host`;
  const { hostname, port } = authority;
  if (port !== undefined && !/^[0-9]{1,5}$/.test(port)) return `the port of "${host}" must be a number`;
  if (port !== undefined && Number(port) > 65535) return `the port of "${host}" is above 65535`;
  if (authority.isBracketed) return null;
  const bad = hostname
    .split(".")
    .find((component) => !HOST_COMPONENT.test(component));
  if (bad === undefined) return null;
  return `"${hostname}" is not a valid registry host name (only letters, digits, "-" and dots between labels)`;
}

function explainDigest(digest: string): string | null {
  if (!DIGEST_PATTERN.test(digest)) {
    return `the digest "${digest}" must look like sha256: followed by 64 hexadecimal characters`;
  }
  const [algorithm, hex] = digest.split(":");
  const length = HEX_LENGTHS[algorithm];
  if (length === undefined) return `the digest algorithm "${algorithm}" is not supported; use sha256`;
  if (hex.length !== length || !/^[a-f0-9]+$/.test(hex)) {
    return `a ${algorithm} digest has exactly ${length} lowercase hexadecimal characters after "${algorithm}:"`;
  }
  return null;
}

function fail(reason: string): ImageReferenceResult {
  return { ok: false, reason };
}
