/**
 * The `add-pull-secret` fix: adds `{name: replicatedregistrykey}` to a pod spec's
 * imagePullSecrets, as a text insertion in the style around it (block or flow).
 */
import { isMap, isScalar, isSeq, type ParsedNode } from "./yaml";
import { invalidInput } from "@/lib/errors";
import { PULL_SECRET_NAME } from "./constants";
import { positionAt } from "./line-index";
import type { ParsedRelease, ReleaseDocument } from "./parse-release-stream";
import { detectLineBreak, type TextEdit } from "./text-edits";
import { findPair, getMapAt, type MapNode } from "./yaml-nodes";

const FLOW_ENTRY = `{name: ${PULL_SECRET_NAME}}`;

/** The edits that add the pull secret to the pod spec at `path`; throws when that spec is gone. */
export function planPullSecretEdits(parsed: ParsedRelease, document: ReleaseDocument, path: readonly string[]): TextEdit[] {
  const spec = getMapAt(document, document.doc.contents, path);
  if (!spec) throw invalidInput("fix", `the pod spec at ${path.join(".")} is no longer there; preview the release again`);
  const pair = findPair(document, spec, "imagePullSecrets");
  const value = pair?.value ?? null;
  if (pair && isSeq(value)) return [prependToList(parsed, document, value as ParsedNode)];
  if (pair && isScalar(value)) return [replaceScalar(parsed, document, value)];
  if (pair) throw invalidInput("fix", "imagePullSecrets is not a list; change it to a list by hand");
  return [insertKey(parsed, document, spec)];
}

function prependToList(parsed: ParsedRelease, document: ReleaseDocument, list: ParsedNode): TextEdit {
  const start = document.offset + list.range[0];
  if (isSeq(list) && list.flow) {
    const separator = list.items.length > 0 ? ", " : "";
    return { from: start + 1, to: start + 1, text: `${FLOW_ENTRY}${separator}` };
  }
  const pad = " ".repeat(positionAt(parsed.lines, start).column - 1);
  return { from: start, to: start, text: `- name: ${PULL_SECRET_NAME}${detectLineBreak(parsed.text)}${pad}` };
}

/** `imagePullSecrets:` left empty (or `~`) becomes a one-entry flow list. */
function replaceScalar(parsed: ParsedRelease, document: ReleaseDocument, value: ParsedNode): TextEdit {
  const from = document.offset + value.range[0];
  const to = document.offset + value.range[1];
  const needsSpace = parsed.text[from - 1] === ":";
  return { from, to, text: `${needsSpace ? " " : ""}[${FLOW_ENTRY}]` };
}

/** Inserts the key before the mapping's first key, at the same indentation. */
function insertKey(parsed: ParsedRelease, document: ReleaseDocument, spec: MapNode): TextEdit {
  if (spec.flow) {
    const from = document.offset + spec.range[0] + 1;
    const separator = spec.items.length > 0 ? ", " : "";
    return { from, to: from, text: `imagePullSecrets: [${FLOW_ENTRY}]${separator}` };
  }
  const firstKey = spec.items[0]?.key;
  if (!isMap(spec) || !firstKey || !("range" in firstKey) || !firstKey.range) {
    throw invalidInput("fix", "the pod spec has an unusual layout; add imagePullSecrets by hand");
  }
  const from = document.offset + firstKey.range[0];
  const pad = " ".repeat(positionAt(parsed.lines, from).column - 1);
  const eol = detectLineBreak(parsed.text);
  return { from, to: from, text: `imagePullSecrets:${eol}${pad}  - name: ${PULL_SECRET_NAME}${eol}${pad}` };
}
