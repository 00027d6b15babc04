/**
 * Reads one Kubernetes resource document: its identity, and for workload kinds the
 * pod template with every container image. Odd shapes (`containers: {}`,
 * `image: 42`) become diagnostics; nothing here throws on user input.
 */
import { isMap, isScalar, isSeq, type ParsedNode, type Scalar } from "./yaml";
import { CONTAINER_FIELDS, POD_SPEC_PATHS, PULL_SECRET_NAME, isWorkloadKind, type WorkloadKind } from "./constants";
import { createDiagnostic } from "./diagnostic";
import type { LineIndex } from "./line-index";
import type { ReleaseDocument } from "./parse-release-stream";
import type { ContainerField, Diagnostic, DiagnosticCode, DiagnosticSeverity } from "./types";
import { describeNode, getValue, isNullNode, readString, resolveNode, type MapNode } from "./yaml-nodes";

export type Range = [number, number];

export interface ResourceInfo {
  document: number;
  kind: string;
  name: string | null;
  apiVersion: string | null;
  /** Where diagnostics about the resource as a whole point: its apiVersion, else its kind. */
  headerRange: Range;
  /** The metadata.name value, when it is text. */
  nameRange: Range | null;
  namespace: { value: string; range: Range } | null;
}

export interface ContainerImage {
  field: ContainerField;
  index: number;
  name: string | null;
  image: string;
  range: Range;
  /** Quoting of the image scalar, kept when it is rewritten. */
  style: Scalar["type"];
  pullPolicy: string | null;
}

/** A container mapping of the pod spec, whatever its fields hold. */
export interface ContainerNode {
  field: ContainerField;
  index: number;
  name: string | null;
  node: MapNode;
}

export interface PodTemplate {
  resource: ResourceInfo;
  kind: WorkloadKind;
  path: string[];
  /** The pod spec mapping at `path`. */
  spec: MapNode;
  images: ContainerImage[];
  containers: ContainerNode[];
  hasPullSecret: boolean;
}

export interface ReadResourceResult {
  resource: ResourceInfo | null;
  template: PodTemplate | null;
  diagnostics: Diagnostic[];
}

type Report = (code: DiagnosticCode, severity: DiagnosticSeverity, message: string, node: ParsedNode) => void;

/** Reads a mapping document that is not the release config. */
export function readResource(document: ReleaseDocument, root: MapNode, lines: LineIndex): ReadResourceResult {
  const diagnostics: Diagnostic[] = [];
  const rangeOf = (node: ParsedNode): Range => [document.offset + node.range[0], document.offset + node.range[1]];
  const report: Report = (code, severity, message, node) =>
    diagnostics.push(createDiagnostic(lines, code, severity, message, rangeOf(node)));
  const kindNode = getValue(document, root, "kind");
  const kind = readString(kindNode);
  if (kind === null || kind === "") {
    const message = `This document has no kind (${describeNode(kindNode)}); every Kubernetes resource needs apiVersion and kind.`;
    report("invalid-document", "error", message, kindNode ?? root);
    return { resource: null, template: null, diagnostics };
  }
  const apiVersionNode = getValue(document, root, "apiVersion");
  const apiVersion = readString(apiVersionNode);
  if (apiVersion === null) report("invalid-document", "error", `This ${kind} has no apiVersion.`, apiVersionNode ?? kindNode!);
  const metadata = readMetadata(document, root, report);
  const resource: ResourceInfo = {
    document: document.index,
    kind,
    name: metadata.name,
    apiVersion,
    headerRange: rangeOf(apiVersion === null ? kindNode! : apiVersionNode!),
    nameRange: metadata.nameNode ? rangeOf(metadata.nameNode) : null,
    namespace: metadata.namespace ? { value: metadata.namespace.value, range: rangeOf(metadata.namespace.node) } : null,
  };
  if (!isWorkloadKind(kind)) return { resource, template: null, diagnostics };
  const template = readPodTemplate(document, root, resource, kind, report, rangeOf);
  return { resource, template, diagnostics };
}

function readMetadata(scope: ReleaseDocument, root: MapNode, report: Report) {
  const metadata = getValue(scope, root, "metadata");
  if (isNullNode(metadata)) return { name: null, nameNode: null, namespace: null };
  if (!isMap(metadata)) {
    report("invalid-field", "error", `metadata must be a mapping, not ${describeNode(metadata)}.`, metadata!);
    return { name: null, nameNode: null, namespace: null };
  }
  const nameNode = getValue(scope, metadata as MapNode, "name");
  const name = readString(nameNode);
  const namespaceNode = getValue(scope, metadata as MapNode, "namespace");
  const namespace = readString(namespaceNode);
  return { name, nameNode: name === null ? null : nameNode, namespace: namespace ? { value: namespace, node: namespaceNode! } : null };
}

function readPodTemplate(
  scope: ReleaseDocument,
  root: MapNode,
  resource: ResourceInfo,
  kind: WorkloadKind,
  report: Report,
  rangeOf: (node: ParsedNode) => Range,
): PodTemplate | null {
  const path = [...POD_SPEC_PATHS[kind]];
  let node: ParsedNode = root;
  for (let step = 0; step < path.length; step++) {
    const next = getValue(scope, node as MapNode, path[step]);
    if (!isMap(next)) {
      const field = path.slice(0, step + 1).join(".");
      const problem = isNullNode(next) ? "is missing" : `must be a mapping, not ${describeNode(next)}`;
      report("invalid-field", "error", `${kind} ${resource.name ?? ""}: ${field} ${problem}.`.replace(" :", ":"), next ?? node);
      return null;
    }
    node = next;
  }
  const spec = node as MapNode;
  const containers: ContainerNode[] = [];
  const images = CONTAINER_FIELDS.flatMap((field) => readContainers(scope, spec, field, report, rangeOf, containers));
  return { resource, kind, path, spec, images, containers, hasPullSecret: readPullSecrets(scope, spec, report) };
}

function readContainers(
  scope: ReleaseDocument,
  spec: MapNode,
  field: ContainerField,
  report: Report,
  rangeOf: (node: ParsedNode) => Range,
  containers: ContainerNode[],
): ContainerImage[] {
  const list = getValue(scope, spec, field);
  if (isNullNode(list)) {
    if (field === "containers") report("invalid-field", "error", "The pod spec has no containers.", spec);
    return [];
  }
  if (!isSeq(list)) {
    report("invalid-field", "error", `${field} must be a list of containers, not ${describeNode(list)}.`, list!);
    return [];
  }
  const images: ContainerImage[] = [];
  list.items.forEach((item, index) => {
    const container = resolveNode(scope, item);
    if (!isMap(container)) {
      report("invalid-field", "error", `${field}[${index}] must be a container mapping, not ${describeNode(container)}.`, container ?? list);
      return;
    }
    const name = readString(getValue(scope, container as MapNode, "name"));
    containers.push({ field, index, name, node: container as MapNode });
    const label = name === null ? `${field}[${index}]` : `Container "${name}"`;
    const imageNode = getValue(scope, container as MapNode, "image");
    const image = readString(imageNode);
    if (isNullNode(imageNode)) report("invalid-field", "error", `${label} has no image.`, container);
    else if (image === null) {
      const message = `${label}: image must be text like "redis:7.2", not ${describeNode(imageNode)}; quote it.`;
      report("invalid-image-reference", "error", message, imageNode!);
    } else {
      const pullPolicy = readString(getValue(scope, container as MapNode, "imagePullPolicy"));
      images.push({ field, index, name, image, range: rangeOf(imageNode!), style: (imageNode as Scalar).type, pullPolicy });
    }
  });
  return images;
}

function readPullSecrets(scope: ReleaseDocument, spec: MapNode, report: Report): boolean {
  const secrets = getValue(scope, spec, "imagePullSecrets");
  if (isNullNode(secrets)) return false;
  if (!isSeq(secrets)) {
    report("invalid-field", "error", `imagePullSecrets must be a list like [{name: ${PULL_SECRET_NAME}}], not ${describeNode(secrets)}.`, secrets!);
    return false;
  }
  let hasPullSecret = false;
  for (const item of secrets.items) {
    const secret = resolveNode(scope, item);
    const name = isMap(secret) ? readString(getValue(scope, secret as MapNode, "name")) : null;
    if (name === PULL_SECRET_NAME) hasPullSecret = true;
    if (name === null) {
      const hint = isScalar(secret) ? `write "- name: ${String(secret.value)}"` : "each entry needs a name";
      report("invalid-field", "error", `imagePullSecrets entries must be mappings with a name; ${hint}.`, secret ?? secrets);
    }
  }
  return hasPullSecret;
}
