/**
 * Reading parsed YAML nodes the way Kubernetes reads the resulting objects: aliases
 * are followed (through a per-document map, so lookups stay O(1)) and `<<` merge keys
 * are honoured, as go-yaml does.
 */
import { isAlias, isMap, isScalar, isSeq, type Alias, type Pair, type ParsedNode, type Scalar, type YAMLMap, type YAMLSeq } from "./yaml";

export interface NodeScope {
  aliasTargets: ReadonlyMap<Alias, ParsedNode>;
}

export type MapNode = YAMLMap.Parsed;
export type SeqNode = YAMLSeq.Parsed;
export type ParsedPair = Pair<ParsedNode, ParsedNode | null>;

const MAX_MERGE_DEPTH = 4;

/** Follows an alias to its anchored node; null for missing values and unknown anchors. */
export function resolveNode(scope: NodeScope, node: unknown): ParsedNode | null {
  if (node === null || node === undefined) return null;
  if (isAlias(node)) return scope.aliasTargets.get(node) ?? null;
  return node as ParsedNode;
}

/** Finds the pair for `key` in a mapping, looking into `<<` merges when the key is not set directly. */
export function findPair(scope: NodeScope, map: MapNode, key: string, depth = 0): ParsedPair | null {
  for (const pair of map.items) {
    if (isScalar(pair.key) && pair.key.value === key) return pair;
  }
  if (depth >= MAX_MERGE_DEPTH) return null;
  for (const pair of map.items) {
    if (!isScalar(pair.key) || pair.key.value !== "<<") continue;
    const merged = resolveNode(scope, pair.value);
    const sources = isSeq(merged) ? merged.items.map((item) => resolveNode(scope, item)) : [merged];
    for (const source of sources) {
      const found = isMap(source) ? findPair(scope, source as MapNode, key, depth + 1) : null;
      if (found) return found;
    }
  }
  return null;
}

/** The resolved value of `key` in a mapping, or null when absent. */
export function getValue(scope: NodeScope, map: MapNode, key: string): ParsedNode | null {
  return resolveNode(scope, findPair(scope, map, key)?.value);
}

/** Walks a key path through mappings; null as soon as a step is missing or not a mapping. */
export function getMapAt(scope: NodeScope, root: ParsedNode | null, path: readonly string[]): MapNode | null {
  let node: ParsedNode | null = root;
  for (const key of path) {
    if (!isMap(node)) return null;
    node = getValue(scope, node as MapNode, key);
  }
  return isMap(node) ? (node as MapNode) : null;
}

/** The string value of a scalar, or null for anything else (numbers, booleans, collections). */
export function readString(node: ParsedNode | null): string | null {
  return isScalar(node) && typeof node.value === "string" ? node.value : null;
}

/** True for an absent value or an explicit YAML null. */
export function isNullNode(node: ParsedNode | null): boolean {
  return node === null || (isScalar(node) && node.value === null);
}

/** Names a node's type for messages: "a number (42)", "a mapping", ... */
export function describeNode(node: ParsedNode | null): string {
  if (isNullNode(node)) return "empty";
  if (isMap(node)) return "a mapping";
  if (isSeq(node)) return "a list";
  const value = (node as Scalar).value;
  if (typeof value === "number" || typeof value === "bigint") return `a number (${String(value)})`;
  if (typeof value === "boolean") return `a boolean (${String(value)})`;
  if (typeof value === "string") return `the text "${value}"`;
  return "an unsupported value";
}

/** The original text of a scalar when written plainly (keeps `1.10` rather than the number 1.1). */
export function readScalarText(node: ParsedNode | null): string | null {
  if (!isScalar(node) || node.value === null || typeof node.value === "object") return null;
  if (typeof node.value === "string") return node.value;
  return typeof node.source === "string" ? node.source : String(node.value);
}
