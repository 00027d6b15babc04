/** duplicate-object: two objects with the same kind, namespace and name; the second one applied replaces the first. */
import { createDiagnostic } from "./diagnostic";
import { positionAt, type LineIndex } from "./line-index";
import type { ResourceInfo } from "./read-resource";
import type { Diagnostic } from "./types";

/** One error on every repeat of an object already defined earlier in the release. */
export function diagnoseDuplicates(resources: readonly ResourceInfo[], lines: LineIndex): Diagnostic[] {
  const first = new Map<string, ResourceInfo>();
  const diagnostics: Diagnostic[] = [];
  for (const resource of resources) {
    if (resource.name === null || resource.nameRange === null) continue;
    const namespace = resource.namespace?.value ?? "";
    const key = JSON.stringify([resource.kind, namespace, resource.name]);
    const earlier = first.get(key);
    if (!earlier) {
      first.set(key, resource);
      continue;
    }
    const line = positionAt(lines, (earlier.nameRange ?? earlier.headerRange)[0]).line;
    const where = namespace ? ` in namespace ${namespace}` : "";
    const message = `${resource.kind} "${resource.name}"${where} is defined twice (first on line ${line}); on install the second replaces the first. Rename one or remove the duplicate.`;
    diagnostics.push(createDiagnostic(lines, "duplicate-object", "error", message, resource.nameRange));
  }
  return diagnostics;
}
