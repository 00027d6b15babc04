/**
 * Release YAML: preview (images, rewriting, airgap list, diagnostics), one-click
 * fixes, live look-up merging and line diffs. Pure and browser-safe.
 */
export { applyFix } from "./apply-fix";
export { applyLookups, listRequiredLookups, type RequiredLookups, type RegistryLookup, type UpstreamLookup } from "./apply-lookups";
export { collectReleaseSources } from "./collect-release-sources";
export { MAX_RELEASE_YAML_BYTES, PULL_SECRET_NAME } from "./constants";
export { diffLines, listChangedLines, type LineChange } from "./diff-lines";
export { DOCKER_HUB_REGISTRY, formatImageReference, parseImageName, parseImageReference, type ImageReferenceResult } from "./parse-image-reference";
export { previewRelease } from "./preview-release";
export { decodeProxyHost, encodeProxyHost, formatProxyRepository, parseProxyRepository, PROXY_PATH_PREFIX, type ProxyRepository } from "./proxy-path";
export type * from "./types";
