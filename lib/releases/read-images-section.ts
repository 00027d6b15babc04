/**
 * The release config's `images:` list: each `{source, name, tag}` entry resolved to
 * the full reference the airgap bundle holds. `replicated` names are paths under the
 * application (`worker` is `<host>/<slug>/worker`); external names are paths under
 * the registry's host (`namespace/imagename` on quay.io); public names are ordinary
 * image names (`redis` is `index.docker.io/library/redis`).
 */
import { isMap, isSeq, type ParsedNode } from "./yaml";
import { explainRepositoryName, explainTag, isDigest } from "@/lib/registry/names";
import type { NormalizedContext } from "./classify-image";
import { createDiagnostic } from "./diagnostic";
import type { LineIndex } from "./line-index";
import { parseImageName } from "./parse-image-reference";
import type { ReleaseDocument } from "./parse-release-stream";
import { formatProxyRepository } from "./proxy-path";
import type { Diagnostic, DiagnosticCode } from "./types";
import { describeNode, getValue, isNullNode, readScalarText, readString, resolveNode, type MapNode } from "./yaml-nodes";

export interface ImagesEntry {
  source: string;
  origin: "replicated" | "public" | "external";
  externalRegistry: string | null;
  /** `registry/repository`, compared with pod images' upstream repository. */
  matchKey: string;
  reference: string;
  pullReference: string;
  lookupKey: string | null;
  /** Absolute range of the entry, where its diagnostics point. */
  range: [number, number];
}

export interface ImagesSection {
  entries: ImagesEntry[];
  diagnostics: Diagnostic[];
}

type EntryProblem = { code: DiagnosticCode; field: "source" | "name"; message: string };
type Resolved = { registry: string; repository: string; origin: ImagesEntry["origin"]; externalRegistry: string | null };

/** Resolves every entry of `images:`; entries that cannot be resolved only yield diagnostics. */
export function readImagesSection(
  document: ReleaseDocument,
  imagesNode: ParsedNode | null,
  context: NormalizedContext,
  lines: LineIndex,
): ImagesSection {
  const section: ImagesSection = { entries: [], diagnostics: [] };
  const rangeOf = (node: ParsedNode): [number, number] => [document.offset + node.range[0], document.offset + node.range[1]];
  const report = (code: DiagnosticCode, message: string, node: ParsedNode): void => {
    section.diagnostics.push(createDiagnostic(lines, code, "error", message, rangeOf(node)));
  };
  if (isNullNode(imagesNode)) return section;
  if (!isSeq(imagesNode)) {
    report("invalid-field", `images: must be a list of {source, name, tag} entries, not ${describeNode(imagesNode)}.`, imagesNode!);
    return section;
  }
  imagesNode.items.forEach((item, index) => {
    const entry = resolveNode(document, item);
    const where = `images[${index}]`;
    if (!isMap(entry)) {
      report("invalid-field", `${where} must be a mapping with source, name and tag, not ${describeNode(entry)}.`, entry ?? imagesNode);
      return;
    }
    const fields = readEntryFields(document, entry as MapNode);
    for (const [field, node] of Object.entries(fields.missing)) {
      report("invalid-field", `${where}.${field} must be set to text, not ${describeNode(node)}.`, node ?? entry);
    }
    if (fields.source === null || fields.name === null || fields.tag === null) return;
    const tagReason = isDigest(fields.tag) ? null : explainTag(fields.tag);
    if (tagReason) return report("invalid-image-reference", `${where}.tag: ${tagReason}.`, fields.tagNode!);
    const resolved = resolveEntry(fields.source, fields.name, context);
    if ("code" in resolved) {
      return report(resolved.code, `${where}.${resolved.message}`, resolved.field === "source" ? fields.sourceNode! : fields.nameNode!);
    }
    section.entries.push(buildEntry(fields.source, fields.tag, resolved, context, rangeOf(entry)));
  });
  return section;
}

function readEntryFields(scope: ReleaseDocument, entry: MapNode) {
  const sourceNode = getValue(scope, entry, "source");
  const nameNode = getValue(scope, entry, "name");
  const tagNode = getValue(scope, entry, "tag");
  const source = readString(sourceNode);
  const name = readString(nameNode);
  const tag = readScalarText(tagNode);
  const missing: Record<string, ParsedNode | null> = {};
  if (source === null) missing.source = sourceNode;
  if (name === null) missing.name = nameNode;
  if (tag === null) missing.tag = tagNode;
  return { source, name, tag, sourceNode, nameNode, tagNode, missing };
}

/** Resolves an entry to its registry and repository, or says which field is wrong and why. */
function resolveEntry(source: string, name: string, context: NormalizedContext): Resolved | EntryProblem {
  if (name.includes("@") || name.lastIndexOf(":") > name.lastIndexOf("/")) {
    return { code: "invalid-image-reference", field: "name", message: `name "${name}" includes a tag or digest; put it in tag: instead.` };
  }
  if (source === "replicated") {
    const path = stripPrefix(name, `${context.registryHost}/${context.appSlug}/`);
    const reason = explainRepositoryName(path);
    if (reason) return { code: "invalid-image-reference", field: "name", message: `name: ${reason}.` };
    return { registry: context.registryHost, repository: `${context.appSlug}/${path}`, origin: "replicated", externalRegistry: null };
  }
  const endpoint = context.externals.find((candidate) => candidate.name === source);
  if (source !== "public" && !endpoint) {
    const known = ["replicated", "public", ...context.externals.map((candidate) => candidate.name)].join(", ");
    const message = `source "${source}" is not replicated, public or a registered external registry (known: ${known}); register the registry or correct the name.`;
    return { code: "unknown-image-source", field: "source", message };
  }
  let fullName = name;
  if (endpoint) {
    const path = stripPrefix(name, `${endpoint.host}/`);
    const inNamespace = endpoint.namespace === "" || path === endpoint.namespace || path.startsWith(`${endpoint.namespace}/`);
    fullName = `${endpoint.host}/${inNamespace ? path : `${endpoint.namespace}/${path}`}`;
  }
  const parsed = parseImageName(fullName);
  if (!parsed.ok) return { code: "invalid-image-reference", field: "name", message: `name: ${parsed.reason}.` };
  const { registry, repository } = parsed.reference;
  return { registry, repository, origin: endpoint ? "external" : "public", externalRegistry: endpoint?.name ?? null };
}

function buildEntry(source: string, tag: string, resolved: Resolved, context: NormalizedContext, range: [number, number]): ImagesEntry {
  const matchKey = `${resolved.registry}/${resolved.repository}`;
  const reference = `${matchKey}${isDigest(tag) ? "@" : ":"}${tag}`;
  const isExternal = resolved.origin === "external";
  const pullReference = isExternal ? `${context.registryHost}/${formatProxyRepository(context.appSlug, resolved.registry, resolved.repository)}${reference.slice(matchKey.length)}` : reference;
  const lookupKey =
    resolved.origin === "replicated" ? reference.slice(context.registryHost.length + 1) : isExternal ? reference : null;
  return { source, origin: resolved.origin, externalRegistry: resolved.externalRegistry, matchKey, reference, pullReference, lookupKey, range };
}

function stripPrefix(value: string, prefix: string): string {
  return value.toLowerCase().startsWith(prefix) ? value.slice(prefix.length) : value;
}
