/**
 * A YAML node as the plain value Kubernetes decodes: aliases followed, `<<` merge keys
 * applied (own keys win, then earlier merged mappings), keys as strings. Mappings have
 * no prototype, so a key like `__proto__` stays an ordinary field.
 */
import { isMap, isScalar, isSeq } from "yaml";
import { resolveNode, type MapNode, type NodeScope } from "../yaml-nodes";

/** Aliases may nest; deeper structures than this are cut off (the alias cap already bounds the size). */
const MAX_DEPTH = 100;

/** Converts a parsed node (null for an absent one) to its plain value. */
export function toPlainValue(scope: NodeScope, node: unknown, depth = 0): unknown {
  const resolved = resolveNode(scope, node);
  if (resolved === null || depth > MAX_DEPTH) return null;
  if (isScalar(resolved)) return resolved.value ?? null;
  if (isSeq(resolved)) return resolved.items.map((item) => toPlainValue(scope, item, depth + 1));
  if (!isMap(resolved)) return null;
  const result: Record<string, unknown> = Object.create(null);
  mergeInto(scope, resolved as MapNode, result, depth);
  return result;
}

function mergeInto(scope: NodeScope, map: MapNode, result: Record<string, unknown>, depth: number): void {
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value !== "<<") continue;
    const merged = resolveNode(scope, pair.value);
    const sources = isSeq(merged) ? merged.items.map((item) => resolveNode(scope, item)) : [merged];
    // Earlier mappings in a merge list win over later ones, so apply them last.
    for (const source of sources.reverse()) if (isMap(source)) mergeInto(scope, source as MapNode, result, depth + 1);
  }
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value === "<<" || pair.key.value === null || typeof pair.key.value === "object") continue;
    result[String(pair.key.value)] = toPlainValue(scope, pair.value, depth + 1);
  }
}
