/**
 * Rules about what a pod asks of the customer's node: container-resources-missing,
 * privileged, allow-privilege-escalation, host-path-volume and docker-socket. The two
 * security flags offer a fix that turns them off; the others need the vendor's design.
 */
import { isMap, isScalar, isSeq, type ParsedNode } from "./yaml";
import { createDiagnostic } from "./diagnostic";
import type { LineIndex } from "./line-index";
import type { ReleaseDocument } from "./parse-release-stream";
import type { ContainerNode, PodTemplate } from "./read-resource";
import type { Diagnostic, ReleaseFix } from "./types";
import { getMapAt, getValue, readString, resolveNode, type MapNode } from "./yaml-nodes";

/** Container runtime sockets; a hostPath of one of them, or of a folder above one, controls the node's containers. */
const RUNTIME_SOCKETS = ["/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd/containerd.sock", "/run/containerd/containerd.sock", "/var/run/crio/crio.sock", "/run/crio/crio.sock"];

const SECURITY_FLAGS = {
  privileged: {
    code: "privileged",
    explain: "runs privileged (securityContext.privileged: true), with root access to the customer's node and every device on it; drop it unless the application manages the node, or grant only the capabilities it needs",
  },
  allowPrivilegeEscalation: {
    code: "allow-privilege-escalation",
    explain: "sets securityContext.allowPrivilegeEscalation: true, so a process can gain more privileges than its parent (through setuid binaries); set it to false unless the image needs that",
  },
} as const;

/** The pod-level diagnostics of one pod template. */
export function diagnosePodSpec(document: ReleaseDocument, template: PodTemplate, lines: LineIndex): Diagnostic[] {
  const rangeOf = (node: ParsedNode): [number, number] => [document.offset + node.range[0], document.offset + node.range[1]];
  const owner = describe(template);
  const diagnostics: Diagnostic[] = [];
  for (const container of template.containers) {
    const label = container.name === null ? `${container.field}[${container.index}]` : `Container "${container.name}"`;
    const at = rangeOf(getValue(document, container.node, "name") ?? container.node);
    if (container.field !== "ephemeralContainers") {
      const missing = findMissingResources(document, container.node);
      if (missing) {
        const message = `${label} of ${owner} sets no ${missing}, so the scheduler cannot place it predictably and it can starve its neighbours or be evicted first; set resources.requests (cpu, memory) and resources.limits (memory at least).`;
        diagnostics.push(createDiagnostic(lines, "container-resources-missing", "info", message, at));
      }
    }
    const securityContext = getMapAt(document, container.node, ["securityContext"]);
    for (const field of ["privileged", "allowPrivilegeEscalation"] as const) {
      const flag = securityContext ? getValue(document, securityContext, field) : null;
      if (!isScalar(flag) || flag.value !== true) continue;
      const { code, explain } = SECURITY_FLAGS[field];
      const fix: ReleaseFix = { kind: "disable-security-flag", label: `Set ${field}: false`, document: document.index, path: containerPath(template, container), field };
      diagnostics.push(createDiagnostic(lines, code, "warning", `${label} of ${owner} ${explain}.`, rangeOf(flag), fix));
    }
  }
  diagnostics.push(...diagnoseHostPaths(document, template.spec, owner, lines, rangeOf));
  return diagnostics;
}

/** Keys from the document root to the container's mapping. */
export function containerPath(template: PodTemplate, container: Pick<ContainerNode, "field" | "index">): (string | number)[] {
  return [...template.path, container.field, container.index];
}

function findMissingResources(scope: ReleaseDocument, container: MapNode): string | null {
  const resources = getMapAt(scope, container, ["resources"]);
  const hasRequests = resources !== null && isMap(getValue(scope, resources, "requests"));
  const hasLimits = resources !== null && isMap(getValue(scope, resources, "limits"));
  if (hasRequests && hasLimits) return null;
  if (!hasRequests && !hasLimits) return "resource requests or limits";
  return hasRequests ? "resource limits" : "resource requests";
}

function diagnoseHostPaths(scope: ReleaseDocument, spec: MapNode, owner: string, lines: LineIndex, rangeOf: (node: ParsedNode) => [number, number]): Diagnostic[] {
  const volumes = getValue(scope, spec, "volumes");
  if (!isSeq(volumes)) return [];
  const diagnostics: Diagnostic[] = [];
  for (const item of volumes.items) {
    const volume = resolveNode(scope, item);
    const hostPath = isMap(volume) ? getMapAt(scope, volume, ["hostPath"]) : null;
    if (!volume || !hostPath) continue;
    const name = readString(getValue(scope, volume as MapNode, "name"));
    const pathNode = getValue(scope, hostPath, "path");
    const path = readString(pathNode);
    const at = rangeOf(pathNode ?? hostPath);
    const what = `Volume ${name ? `"${name}"` : "(unnamed)"} of ${owner}`;
    if (path !== null && exposesRuntimeSocket(path)) {
      const message = `${what} mounts ${path} from the node, which exposes the container runtime's socket: the pod can start, stop and read every container on the customer's node. Use the Kubernetes API instead, or document why the application needs it.`;
      diagnostics.push(createDiagnostic(lines, "docker-socket", "warning", message, at));
    } else {
      const message = `${what} is a hostPath volume (${path ?? "no path"}): it reads or writes the customer's node's file system and ties the pod to that node; prefer a PersistentVolumeClaim, emptyDir or ConfigMap.`;
      diagnostics.push(createDiagnostic(lines, "host-path-volume", "warning", message, at));
    }
  }
  return diagnostics;
}

function exposesRuntimeSocket(path: string): boolean {
  const normalized = path.replace(/\/+$/, "") || "/";
  return RUNTIME_SOCKETS.some((socket) => socket === normalized || normalized === "/" || socket.startsWith(`${normalized}/`));
}

function describe(template: PodTemplate): string {
  const { kind, name } = template.resource;
  return name ? `${kind} "${name}"` : `this ${kind}`;
}
