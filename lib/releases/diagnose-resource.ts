/** Rules about a resource as a whole: namespace-set and deprecated-api-version. */
import {
  CURRENT_API_VERSIONS,
  PULL_SECRET_NAME,
  REMOVED_BUT_REWRITTEN,
  REWRITABLE_API_VERSIONS,
  SELECTOR_KINDS,
  isWorkloadKind,
} from "./constants";
import { createDiagnostic } from "./diagnostic";
import type { LineIndex } from "./line-index";
import type { ResourceInfo } from "./read-resource";
import type { Diagnostic, PreviewImage } from "./types";

/** A resource that sets metadata.namespace leaves the application's namespace, where the pull secret lives. */
export function diagnoseNamespace(resource: ResourceInfo, lines: LineIndex): Diagnostic | null {
  if (!resource.namespace) return null;
  const message = `${describe(resource)} sets metadata.namespace: ${resource.namespace.value}, so it is not deployed to the application's namespace and the ${PULL_SECRET_NAME} pull secret is not available there; remove metadata.namespace.`;
  const fix = { kind: "remove-namespace" as const, label: "Remove metadata.namespace", document: resource.document };
  return createDiagnostic(lines, "namespace-set", "warning", message, resource.namespace.range, fix);
}

/**
 * Workloads in an apiVersion the rewriter does not know keep their images as written:
 * an error when that leaves an external private image unpullable, else a warning.
 */
export function diagnoseApiVersion(resource: ResourceInfo, images: readonly PreviewImage[], lines: LineIndex): Diagnostic | null {
  const { kind, apiVersion } = resource;
  if (!isWorkloadKind(kind) || apiVersion === null) return null;
  const to = CURRENT_API_VERSIONS[kind];
  const removedIn = REMOVED_BUT_REWRITTEN[`${kind} ${apiVersion}`];
  const isRewritable = REWRITABLE_API_VERSIONS[kind].includes(apiVersion);
  if (isRewritable && !removedIn) return null;
  const fix = { kind: "migrate-api-version" as const, label: `Migrate to ${to}`, document: resource.document, from: apiVersion, to };
  if (isRewritable) {
    const message = `${describe(resource)} uses ${apiVersion}, which ${removedIn} removed; its images are rewritten, but migrate it to ${to} so it installs on current clusters.`;
    return createDiagnostic(lines, "deprecated-api-version", "warning", message, resource.headerRange, fix);
  }
  const hasExternal = images.some((image) => image.source === "external");
  const consequence = hasExternal
    ? "its images are not rewritten, so its external private images cannot be pulled"
    : "its images are not rewritten";
  const selector = SELECTOR_KINDS.has(kind) ? " (the migration adds the spec.selector it requires, from the template's labels)" : "";
  const message = `${describe(resource)} uses ${apiVersion}, which the rewriter does not handle: ${consequence}. Migrate it to ${to}${selector}.`;
  return createDiagnostic(lines, "deprecated-api-version", hasExternal ? "error" : "warning", message, resource.headerRange, fix);
}

function describe(resource: ResourceInfo): string {
  return resource.name ? `${resource.kind} "${resource.name}"` : `This ${resource.kind}`;
}
