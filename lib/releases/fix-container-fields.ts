/**
 * Fixes that set one field of a container: `set-pull-policy` (imagePullPolicy:
 * IfNotPresent, written after the image) and `disable-security-flag` (privileged or
 * allowPrivilegeEscalation: false). Existing values are replaced in place.
 */
import { isMap, isScalar, type ParsedNode, type Scalar } from "./yaml";
import { invalidInput } from "@/lib/errors";
import { positionAt } from "./line-index";
import { locateNode } from "./locate-node";
import type { ParsedRelease, ReleaseDocument } from "./parse-release-stream";
import { contentEndAt, detectLineBreak, formatScalarLike, lineEndAt, type TextEdit } from "./text-edits";
import type { NodePath, ReleaseFix } from "./types";
import type { MapNode } from "./yaml-nodes";

type SetPullPolicy = Extract<ReleaseFix, { kind: "set-pull-policy" }>;
type DisableFlag = Extract<ReleaseFix, { kind: "disable-security-flag" }>;

/** The edit that makes the container's imagePullPolicy IfNotPresent. */
export function planPullPolicyEdits(parsed: ParsedRelease, document: ReleaseDocument, fix: SetPullPolicy): TextEdit[] {
  const container = findContainer(document, fix.path);
  return [planSetField(parsed, document, container, "imagePullPolicy", "IfNotPresent", "image")];
}

/** The edit that sets the container's securityContext flag to false. */
export function planSecurityFlagEdits(parsed: ParsedRelease, document: ReleaseDocument, fix: DisableFlag): TextEdit[] {
  const container = findContainer(document, fix.path);
  const context = ownPair(container, "securityContext")?.value;
  if (!isMap(context)) throw invalidInput("fix", `this container's securityContext is not written in it; set ${fix.field}: false by hand`);
  const flag = ownPair(context as MapNode, fix.field);
  if (!flag || !isScalar(flag.value)) throw invalidInput("fix", `this container no longer sets ${fix.field}; preview the release again`);
  const value = flag.value as Scalar.Parsed;
  return [{ from: document.offset + value.range[0], to: document.offset + value.range[1], text: "false" }];
}

function findContainer(document: ReleaseDocument, path: NodePath): MapNode {
  const root = document.doc.contents;
  const located = root ? locateNode(document, root, path) : null;
  if (!located || located.depth < path.length || !isMap(located.valueNode)) {
    throw invalidInput("fix", "the container is no longer there; preview the release again");
  }
  return located.valueNode as MapNode;
}

function ownPair(map: MapNode, key: string) {
  return map.items.find((pair) => isScalar(pair.key) && pair.key.value === key) ?? null;
}

/** Replaces `key`'s value, or adds `key: value` after the `after` field (else after the last one), in the mapping's style. */
function planSetField(parsed: ParsedRelease, document: ReleaseDocument, map: MapNode, key: string, value: string, after: string): TextEdit {
  const existing = ownPair(map, key);
  if (existing && isScalar(existing.value)) {
    const node = existing.value as Scalar.Parsed;
    const from = document.offset + node.range[0];
    const to = document.offset + node.range[1];
    return { from, to, text: formatScalarLike(node.type, value, parsed.text.slice(from, to)) };
  }
  if (existing) throw invalidInput("fix", `${key} is not a single value; change it by hand`);
  const anchor = ownPair(map, after) ?? map.items[map.items.length - 1];
  if (!anchor) throw invalidInput("fix", `the container is empty; add ${key} by hand`);
  const anchorKey = anchor.key as ParsedNode;
  const anchorEnd = contentEndAt(parsed.text, document.offset + ((anchor.value as ParsedNode | null) ?? anchorKey).range[1]);
  if (map.flow) return { from: anchorEnd, to: anchorEnd, text: `, ${key}: ${value}` };
  const end = lineEndAt(parsed.text, anchorEnd);
  const pad = " ".repeat(positionAt(parsed.lines, document.offset + anchorKey.range[0]).column - 1);
  return { from: end, to: end, text: `${detectLineBreak(parsed.text)}${pad}${key}: ${value}` };
}
