/**
 * Release YAML: preview (images, rewriting, airgap list, diagnostics), Kubernetes
 * schema checks with per-kind lazy loading, LintConfig levels, one-click fixes, live
 * look-up merging and line diffs. Pure and browser-safe.
 */
export { applyFix } from "./apply-fix";
export { applyLookups, listRequiredLookups, type RequiredLookups, type RegistryLookup, type UpstreamLookup } from "./apply-lookups";
export { collectReleaseSources } from "./collect-release-sources";
export { MAX_RELEASE_YAML_BYTES, PULL_SECRET_NAME } from "./constants";
export { diffLines, listChangedLines, type LineChange } from "./diff-lines";
export { DOCKER_HUB_REGISTRY, formatImageReference, parseImageName, parseImageReference, type ImageReferenceResult } from "./parse-image-reference";
export { LINT_CONFIG_API_VERSION, LINT_CONFIG_KIND } from "./lint-config";
export { previewRelease, type PreviewOptions } from "./preview-release";
export { previewReleaseWithSchemas } from "./preview-with-schemas";
export { isReleaseConfigDocument } from "./release-config-document";
export { RELEASE_RULES, RULE_CODES, type ReleaseRule } from "./rules";
export { getLoadedSchemas, KUBERNETES_VERSION, listSchemaKeys, loadKubernetesSchemas } from "./schemas/load-schemas";
export type { KubernetesSchemas } from "./schemas/schema-types";
export { decodeProxyHost, encodeProxyHost, formatProxyRepository, parseProxyRepository, PROXY_PATH_PREFIX, type ProxyRepository } from "./proxy-path";
export type * from "./types";
