/**
 * A YAML node as the plain value Kubernetes decodes: aliases followed, `<<` merge keys
 * applied (own keys win, then earlier merged mappings), keys as strings. A key named
 * `__proto__` is defined as an ordinary field, never the object's prototype.
 */
import { isMap, isScalar, isSeq } from "../yaml";
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
  // Plain objects (not Object.create(null), which V8 keeps as slow dictionaries) keep validation fast.
  const result: Record<string, unknown> = {};
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
    const key = String(pair.key.value);
    const value = toPlainValue(scope, pair.value, depth + 1);
    if (key === "__proto__") Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    else result[key] = value;
  }
}
