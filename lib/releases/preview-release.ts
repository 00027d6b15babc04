/**
 * The release preview: parse the stream, find every container image, decide where
 * it comes from, rewrite external images through the proxy, build the airgap list
 * and diagnose. Pure and browser-safe; live look-ups are merged in by `applyLookups`.
 */
import { isMap, isScalar, isSeq } from "yaml";
import { normalizeContext } from "./classify-image";
import { createDiagnostic, sortDiagnostics } from "./diagnostic";
import { diagnoseApiVersion, diagnoseNamespace } from "./diagnose-resource";
import { positionAt } from "./line-index";
import { parseReleaseStream, type ParsedRelease, type ReleaseDocument } from "./parse-release-stream";
import { previewPodTemplate } from "./preview-pod-template";
import { readImagesSection, type ImagesEntry } from "./read-images-section";
import { readResource } from "./read-resource";
import { applyTextEdits, type TextEdit } from "./text-edits";
import type { AirgapEntry, Diagnostic, PreviewImage, ReleaseContext, ReleasePreview } from "./types";
import { findPair, getValue, type MapNode } from "./yaml-nodes";

/** Computes the full preview of a release for one application; never throws on user input. */
export function previewRelease(yamlText: string, context: ReleaseContext): ReleasePreview {
  const normalized = normalizeContext(context);
  const parsed = parseReleaseStream(yamlText);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (diagnostics.some((diagnostic) => diagnostic.code === "yaml-too-large")) {
    return { images: [], diagnostics, rewritten: "", airgap: [], airgapTotalSize: null };
  }
  const { config, resources } = partitionDocuments(parsed, diagnostics);
  const section = config
    ? readImagesSection(config.document, getValue(config.document, config.map, "images"), normalized, parsed.lines)
    : { entries: [], diagnostics: [] };
  diagnostics.push(...section.diagnostics);
  const listedKeys = new Set(section.entries.map((entry) => entry.matchKey));
  const usedKeys = new Set<string>();
  const images: PreviewImage[] = [];
  const edits: TextEdit[] = [];
  for (const { document, map } of resources) {
    const read = readResource(document, map, parsed.lines);
    diagnostics.push(...read.diagnostics);
    if (!read.resource) continue;
    const preview = read.template
      ? previewPodTemplate(read.template, normalized, listedKeys, yamlText, parsed.lines)
      : { images: [], matchKeys: [], diagnostics: [], edits: [] };
    images.push(...preview.images);
    edits.push(...preview.edits);
    diagnostics.push(...preview.diagnostics);
    preview.matchKeys.forEach((key) => usedKeys.add(key));
    const resourceDiagnostics = [diagnoseNamespace(read.resource, parsed.lines), diagnoseApiVersion(read.resource, preview.images, parsed.lines)];
    for (const diagnostic of resourceDiagnostics) if (diagnostic) diagnostics.push(diagnostic);
  }
  diagnostics.push(...diagnoseUnused(section.entries, usedKeys, parsed));
  const airgap = section.entries.map((entry) => toAirgapEntry(entry, parsed));
  const hasRegistryImages = airgap.some((entry) => entry.origin === "replicated");
  return {
    images: images.sort((a, b) => a.from - b.from),
    diagnostics: sortDiagnostics(diagnostics),
    rewritten: applyTextEdits(yamlText, edits),
    airgap,
    airgapTotalSize: hasRegistryImages ? null : 0,
  };
}

type MapDocument = { document: ReleaseDocument; map: MapNode };

/** Splits usable documents into the release config (the first with `images:`) and resources. */
function partitionDocuments(parsed: ParsedRelease, diagnostics: Diagnostic[]) {
  let config: MapDocument | null = null;
  const resources: MapDocument[] = [];
  for (const document of parsed.documents) {
    const contents = document.doc.contents;
    if (!document.isUsable || contents === null || (isScalar(contents) && contents.value === null)) continue;
    const start = document.offset + contents.range[0];
    if (!isMap(contents)) {
      const what = isSeq(contents) ? "a list" : "a single value";
      const message = `This document is ${what}; each document must be a Kubernetes resource (a mapping with apiVersion and kind) or the release config with images:.`;
      diagnostics.push(createDiagnostic(parsed.lines, "invalid-document", "error", message, [start, start]));
      continue;
    }
    const map = contents as MapNode;
    if (!findPair(document, map, "images")) resources.push({ document, map });
    else if (!config) config = { document, map };
    else {
      const message = "Only the first document with images: is the release config; this one is ignored. Merge its images into the first.";
      diagnostics.push(createDiagnostic(parsed.lines, "invalid-document", "error", message, [start, start]));
    }
  }
  return { config, resources };
}

function diagnoseUnused(entries: readonly ImagesEntry[], usedKeys: ReadonlySet<string>, parsed: ParsedRelease): Diagnostic[] {
  return entries
    .filter((entry) => !usedKeys.has(entry.matchKey))
    .map((entry) =>
      createDiagnostic(
        parsed.lines,
        "unused-image",
        "info",
        `${entry.reference} is listed in images: but no resource uses it; it is still included in the airgap bundle.`,
        entry.range,
      ),
    );
}

function toAirgapEntry(entry: ImagesEntry, parsed: ParsedRelease): AirgapEntry {
  return {
    reference: entry.reference,
    source: entry.source,
    origin: entry.origin,
    externalRegistry: entry.externalRegistry,
    pullReference: entry.pullReference,
    line: positionAt(parsed.lines, entry.range[0]).line,
    lookupKey: entry.lookupKey,
    exists: null,
    digest: null,
    size: null,
  };
}
