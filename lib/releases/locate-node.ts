/** Finding the node a path into an object points at, for diagnostics located at the offending field. */
import { isMap, isSeq, type ParsedNode } from "./yaml";
import type { NodePath } from "./types";
import { findPair, resolveNode, type MapNode, type NodeScope } from "./yaml-nodes";

export interface LocatedNode {
  /** The key of the last mapping step (null for a list item or the root). */
  keyNode: ParsedNode | null;
  /** The value reached; null when the last key has no value. */
  valueNode: ParsedNode | null;
  /** How many steps of the path exist in the document (all of them unless a step is missing). */
  depth: number;
}

/** Walks `path` from `root` (following aliases and merge keys) as far as the document goes. */
export function locateNode(scope: NodeScope, root: ParsedNode, path: NodePath): LocatedNode {
  let located: LocatedNode = { keyNode: null, valueNode: root, depth: 0 };
  for (const segment of path) {
    const current = located.valueNode;
    if (typeof segment === "string" && isMap(current)) {
      const pair = findPair(scope, current as MapNode, segment);
      if (!pair) break;
      located = { keyNode: pair.key, valueNode: resolveNode(scope, pair.value), depth: located.depth + 1 };
    } else if (typeof segment === "number" && isSeq(current) && segment < current.items.length) {
      located = { keyNode: null, valueNode: resolveNode(scope, current.items[segment]), depth: located.depth + 1 };
    } else break;
  }
  return located;
}
