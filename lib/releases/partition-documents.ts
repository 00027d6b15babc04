/**
 * Sorting a release's documents: the release config (the first document with
 * `images:`), the LintConfig (`apiVersion: slipway/v1`, `kind: LintConfig`), and the
 * Kubernetes objects. Neither config document is a Kubernetes object, and neither
 * reaches customers (`isReleaseConfigDocument`).
 */
import { isMap, isScalar, isSeq } from "./yaml";
import { createDiagnostic } from "./diagnostic";
import { isLintConfigDocument, LINT_CONFIG_API_VERSION, LINT_CONFIG_KIND } from "./lint-config";
import type { ParsedRelease, ReleaseDocument } from "./parse-release-stream";
import type { Diagnostic } from "./types";
import { findPair, type MapNode } from "./yaml-nodes";

export type MapDocument = { document: ReleaseDocument; map: MapNode };

export interface PartitionedRelease {
  config: MapDocument | null;
  lintConfig: MapDocument | null;
  resources: MapDocument[];
}

/** Splits the usable documents; non-mappings and second config documents become `invalid-document` errors. */
export function partitionDocuments(parsed: ParsedRelease, diagnostics: Diagnostic[]): PartitionedRelease {
  const result: PartitionedRelease = { config: null, lintConfig: null, resources: [] };
  for (const document of parsed.documents) {
    const contents = document.doc.contents;
    if (!document.isUsable || contents === null || (isScalar(contents) && contents.value === null)) continue;
    const start = document.offset + contents.range[0];
    const refuse = (message: string) => diagnostics.push(createDiagnostic(parsed.lines, "invalid-document", "error", message, [start, start]));
    if (!isMap(contents)) {
      const what = isSeq(contents) ? "a list" : "a single value";
      refuse(`This document is ${what}; each document must be a Kubernetes resource (a mapping with apiVersion and kind), the release config with images:, or the ${LINT_CONFIG_KIND}.`);
      continue;
    }
    const map = contents as MapNode;
    if (findPair(document, map, "images")) {
      if (!result.config) result.config = { document, map };
      else refuse("Only the first document with images: is the release config; this one is ignored. Merge its images into the first.");
    } else if (isLintConfigDocument(document, map)) {
      if (!result.lintConfig) result.lintConfig = { document, map };
      else refuse(`Only the first ${LINT_CONFIG_KIND} (${LINT_CONFIG_API_VERSION}) counts; this one is ignored. Merge its rules into the first.`);
    } else {
      result.resources.push({ document, map });
    }
  }
  return result;
}
