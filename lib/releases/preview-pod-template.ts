/**
 * One pod template's images: parse, classify, rewrite, and the per-image and
 * per-template rules (invalid-image-reference, latest-tag,
 * image-not-in-images-section, missing-pull-secret).
 */
import { classifyReference, type ImageOrigin, type NormalizedContext } from "./classify-image";
import { PULL_SECRET_NAME, REWRITABLE_API_VERSIONS } from "./constants";
import { createDiagnostic } from "./diagnostic";
import { positionAt, type LineIndex } from "./line-index";
import { parseImageReference } from "./parse-image-reference";
import type { ContainerImage, PodTemplate } from "./read-resource";
import { formatScalarLike, type TextEdit } from "./text-edits";
import type { Diagnostic, ImageReference, PreviewImage, ReleaseFix } from "./types";

export interface TemplatePreview {
  images: PreviewImage[];
  /** `registry/repository` of every valid image, to find unused `images:` entries. */
  matchKeys: string[];
  diagnostics: Diagnostic[];
  edits: TextEdit[];
}

/** The `images:` entries as the resources see them, by `registry/repository`. */
export interface ListedImages {
  keys: ReadonlySet<string>;
  /** Entries with `source: public`: public whatever registries the team has registered. */
  publicKeys: ReadonlySet<string>;
}

/** Previews the images of one pod template against the release's `images:` entries. */
export function previewPodTemplate(
  template: PodTemplate,
  context: NormalizedContext,
  listed: ListedImages,
  text: string,
  lines: LineIndex,
): TemplatePreview {
  const result: TemplatePreview = { images: [], matchKeys: [], diagnostics: [], edits: [] };
  const { apiVersion } = template.resource;
  const isRewritable = apiVersion !== null && REWRITABLE_API_VERSIONS[template.kind].includes(apiVersion);
  let firstPrivate: PreviewImage | null = null;
  for (const found of template.images) {
    const { image, matchKey } = previewImage(template, found, context, listed, isRewritable, lines, result.diagnostics);
    result.images.push(image);
    if (matchKey === null) continue;
    result.matchKeys.push(matchKey);
    if (image.source !== "public") firstPrivate ??= image;
    if (image.isRewritten) {
      const original = text.slice(found.range[0], found.range[1]);
      result.edits.push({ from: found.range[0], to: found.range[1], text: formatScalarLike(found.style, image.rewritten, original) });
    }
  }
  if (firstPrivate && !template.hasPullSecret) result.diagnostics.push(missingPullSecret(template, firstPrivate, lines));
  return result;
}

function previewImage(
  template: PodTemplate,
  found: ContainerImage,
  context: NormalizedContext,
  listed: ListedImages,
  isRewritable: boolean,
  lines: LineIndex,
  diagnostics: Diagnostic[],
): { image: PreviewImage; matchKey: string | null } {
  const { resource } = template;
  const base = {
    image: found.image,
    ...positionAt(lines, found.range[0]),
    from: found.range[0],
    to: found.range[1],
    document: resource.document,
    resource: { kind: resource.kind, name: resource.name, apiVersion: resource.apiVersion },
    container: { name: found.name, field: found.field, index: found.index },
    availability: null,
  };
  const label = found.name === null ? `${found.field}[${found.index}]` : `Container "${found.name}"`;
  const parsed = parseImageReference(found.image);
  if (!parsed.ok) {
    const message = `${label}: "${found.image}" is not a valid image reference: ${parsed.reason}.`;
    diagnostics.push(createDiagnostic(lines, "invalid-image-reference", "error", message, found.range));
    const image: PreviewImage = { ...base, reference: null, source: "invalid", externalRegistry: null, rewritten: found.image, isRewritten: false, isListed: false, lookupKey: null };
    return { image, matchKey: null };
  }
  const origin = declaredPublic(classifyReference(parsed.reference, context), listed);
  const isRewritten = isRewritable && origin.rewritten !== null;
  const isListed = listed.keys.has(origin.matchKey);
  const latest = explainLatestTag(parsed.reference, found);
  if (latest) {
    const fix: ReleaseFix = { kind: "set-pull-policy", label: "Set imagePullPolicy: IfNotPresent", document: resource.document, path: [...template.path, found.field, found.index] };
    diagnostics.push(createDiagnostic(lines, "latest-tag", "warning", `${label}: ${latest}`, found.range, fix));
  }
  if (origin.source !== "public" && !isListed) diagnostics.push(notListed(label, found, parsed.reference, origin, context, lines));
  const image: PreviewImage = {
    ...base,
    reference: parsed.reference,
    source: origin.source,
    externalRegistry: origin.externalRegistry,
    rewritten: isRewritten ? origin.rewritten! : found.image,
    isRewritten,
    isListed,
    lookupKey: origin.lookupKey,
  };
  return { image, matchKey: origin.matchKey };
}

/**
 * An image the release declares `source: public` stays public even when a registered
 * registry covers its host (a Docker Hub account covers every Docker Hub image): the
 * vendor said customers pull it from where it is, without the proxy or a pull secret.
 */
function declaredPublic(origin: ImageOrigin, listed: ListedImages): ImageOrigin {
  if (origin.source !== "external" || !listed.publicKeys.has(origin.matchKey)) return origin;
  return { source: "public", externalRegistry: null, matchKey: origin.matchKey, rewritten: null, lookupKey: null };
}

/** Kubernetes pulls untagged and `latest` images on every start unless the policy says otherwise. */
function explainLatestTag(reference: ImageReference, found: ContainerImage): string | null {
  if (reference.digest !== null || (reference.tag !== null && reference.tag !== "latest")) return null;
  if (found.pullPolicy === "IfNotPresent" || found.pullPolicy === "Never") return null;
  const what = reference.tag === null ? "has no tag" : "uses the tag latest";
  const policy = found.pullPolicy === null ? "the default imagePullPolicy is Always" : `imagePullPolicy is ${found.pullPolicy}`;
  return `"${found.image}" ${what} and ${policy}, so Kubernetes tries to pull it even in an airgapped cluster; pin a version tag or digest, or set imagePullPolicy: IfNotPresent.`;
}

function notListed(
  label: string,
  found: ContainerImage,
  reference: ImageReference,
  origin: ImageOrigin,
  context: NormalizedContext,
  lines: LineIndex,
): Diagnostic {
  const tag = reference.tag ?? reference.digest ?? "latest";
  const [registry, ...path] = origin.matchKey.split("/");
  const isReplicated = origin.source === "replicated";
  const source = isReplicated ? "replicated" : (origin.externalRegistry ?? "<registry name>");
  const name = isReplicated ? path.slice(1).join("/") : path.join("/");
  const entry = `{source: ${source}, name: ${name}, tag: ${tag}}`;
  const isSourceKnown = isReplicated || origin.externalRegistry !== null;
  const fix: ReleaseFix | undefined = isSourceKnown ? { kind: "add-image-entry", label: `Add ${entry} to images:`, source, name, tag } : undefined;
  if (isReplicated || registry === context.registryHost) {
    const message = `${label}: "${found.image}" is not listed in images:, so it is missing from the airgap bundle; add ${entry}.`;
    return createDiagnostic(lines, "image-not-in-images-section", "warning", message, found.range, fix);
  }
  const message = `${label}: "${found.image}" comes from an external private registry but is not listed in images:; the proxy refuses to serve it and it is missing from the airgap bundle. Add ${entry}.`;
  return createDiagnostic(lines, "image-not-in-images-section", "error", message, found.range, fix);
}

function missingPullSecret(template: PodTemplate, image: PreviewImage, lines: LineIndex): Diagnostic {
  const { kind, name } = template.resource;
  const where = image.source === "replicated" ? "this application's registry" : "an external private registry through the proxy";
  const message = `${kind}${name ? ` "${name}"` : ""} pulls "${image.image}" from ${where} but its pod spec has no imagePullSecrets entry named ${PULL_SECRET_NAME}; add it so customers' clusters can authenticate.`;
  return createDiagnostic(lines, "missing-pull-secret", "error", message, [image.from, image.to], {
    kind: "add-pull-secret",
    label: `Add imagePullSecrets: ${PULL_SECRET_NAME}`,
    document: template.resource.document,
    path: template.path,
  });
}
