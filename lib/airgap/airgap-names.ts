/**
 * Where each image lives once the customer has loaded the bundle into their own registry,
 * whose address the installer substitutes for `${LOCAL_REGISTRY}`:
 *
 *   this application's images     <registry host>/myapp/worker:1.0.1   ->  ${LOCAL_REGISTRY}/myapp/worker:1.0.1
 *   external (also via the proxy) quay.io/acme/tool:2.0               ->  ${LOCAL_REGISTRY}/quay.io/acme/tool:2.0
 *   public                        redis:7 (Docker Hub)                ->  ${LOCAL_REGISTRY}/docker.io/library/redis:7
 *
 * A port in a host is written `host_port`, as in proxy paths (a colon cannot stand in a
 * repository path). Slugs have no dots, so an application's path never collides with a
 * host's. The path with its tag or digest is the image's `org.opencontainers.image.ref.name`
 * in the bundle's index.json, so `skopeo copy oci-archive:<bundle>:<name>` finds it. Pure.
 */
import type { NormalizedContext } from "@/lib/releases/classify-image";
import { DOCKER_HUB_REGISTRY, parseImageName } from "@/lib/releases/parse-image-reference";
import { decodeProxyHost, encodeProxyHost, PROXY_PATH_PREFIX } from "@/lib/releases/proxy-path";
import type { ImageReference } from "@/lib/releases/types";

/** What the installer replaces with the address of the customer's registry. */
export const LOCAL_REGISTRY_PLACEHOLDER = "${LOCAL_REGISTRY}";

function hostPath(registry: string, repository: string): string {
  const host = registry === DOCKER_HUB_REGISTRY ? "docker.io" : registry;
  return `${encodeProxyHost(host)}/${repository}`;
}

/** The repository path of an image in the customer's registry. */
export function formatAirgapRepository(reference: Pick<ImageReference, "registry" | "repository">, context: NormalizedContext): string {
  const { registry, repository } = reference;
  if (registry === context.registryHost) {
    const proxyPrefix = `${PROXY_PATH_PREFIX}/${context.appSlug}/`;
    if (repository.startsWith(proxyPrefix)) {
      const [host = "", ...path] = repository.slice(proxyPrefix.length).split("/");
      const upstream = parseImageName([decodeProxyHost(host), ...path].join("/"));
      if (upstream.ok) return hostPath(upstream.reference.registry, upstream.reference.repository);
    }
    if (repository.startsWith(`${context.appSlug}/`)) return repository;
  }
  return hostPath(registry, repository);
}

function formatSuffix(reference: Pick<ImageReference, "tag" | "digest">): string {
  return `${reference.tag === null ? "" : `:${reference.tag}`}${reference.digest === null ? "" : `@${reference.digest}`}`;
}

/** The image's name in the bundle (`myapp/worker:1.0.1`): its path with tag and/or digest. */
export function formatAirgapRefName(reference: ImageReference, context: NormalizedContext): string {
  return `${formatAirgapRepository(reference, context)}${formatSuffix(reference) || ":latest"}`;
}

/** The reference the airgap manifests use: the bundle name under the placeholder registry. */
export function formatAirgapReference(reference: ImageReference, context: NormalizedContext): string {
  return `${LOCAL_REGISTRY_PLACEHOLDER}/${formatAirgapRefName(reference, context)}`;
}
