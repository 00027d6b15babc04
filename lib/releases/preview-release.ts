/**
 * The release preview: parse the stream, find every container image, decide where
 * it comes from, rewrite external images through the proxy, build the airgap list
 * and diagnose, then apply the release's LintConfig levels. Pure and browser-safe;
 * live look-ups are merged in by `applyLookups`, and Kubernetes schemas are checked
 * for the kinds whose validators the caller passes (`previewReleaseWithSchemas` loads them).
 */
import { normalizeContext } from "./classify-image";
import { createDiagnostic, sortDiagnostics } from "./diagnostic";
import { applyRuleLevels, readLintConfig, type RuleLevels } from "./lint-config";
import { positionAt } from "./line-index";
import { parseReleaseStream, type ParsedRelease } from "./parse-release-stream";
import { partitionDocuments } from "./partition-documents";
import { previewResources } from "./preview-resources";
import { readImagesSection, type ImagesEntry } from "./read-images-section";
import type { KubernetesSchemas } from "./schemas/schema-types";
import { applyTextEdits, type TextEdit } from "./text-edits";
import type { AirgapEntry, Diagnostic, ReleaseContext, ReleasePreview } from "./types";
import type { ReleaseDocument } from "./parse-release-stream";
import { getValue } from "./yaml-nodes";

export interface PreviewOptions {
  /** Built-in Kubernetes validators to check objects with; without them no schema rule runs (not even unknown-kind). */
  schemas?: KubernetesSchemas;
}

/** Computes the full preview of a release for one application; never throws on user input. */
export function previewRelease(yamlText: string, context: ReleaseContext, options: PreviewOptions = {}): ReleasePreview {
  const normalized = normalizeContext(context);
  const parsed = parseReleaseStream(yamlText);
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  if (diagnostics.some((diagnostic) => diagnostic.code === "yaml-too-large")) {
    return { images: [], diagnostics, rewritten: "", airgap: [], airgapTotalSize: null, ruleLevels: {} };
  }
  const { config, lintConfig, resources } = partitionDocuments(parsed, diagnostics);
  const lint = lintConfig ? readLintConfig(lintConfig.document, lintConfig.map, parsed.lines) : { levels: {} as RuleLevels, diagnostics: [] };
  diagnostics.push(...lint.diagnostics);
  const section = config
    ? readImagesSection(config.document, getValue(config.document, config.map, "images"), normalized, parsed.lines)
    : { entries: [], diagnostics: [] };
  diagnostics.push(...section.diagnostics);
  const listed = {
    keys: new Set(section.entries.map((entry) => entry.matchKey)),
    publicKeys: new Set(section.entries.filter((entry) => entry.origin === "public").map((entry) => entry.matchKey)),
  };
  const preview = previewResources(parsed, resources, { context: normalized, listed, schemas: options.schemas });
  diagnostics.push(...preview.diagnostics, ...diagnoseUnused(section.entries, preview.usedKeys, parsed));
  const airgap = section.entries.map((entry) => toAirgapEntry(entry, parsed));
  const hasRegistryImages = airgap.some((entry) => entry.origin === "replicated");
  return {
    images: preview.images.sort((a, b) => a.from - b.from),
    diagnostics: sortDiagnostics(applyRuleLevels(diagnostics, lint.levels)),
    rewritten: applyTextEdits(yamlText, [...preview.edits, ...[config, lintConfig].flatMap((found) => (found ? [planDocumentRemoval(parsed, found.document)] : []))]),
    airgap,
    airgapTotalSize: hasRegistryImages ? null : 0,
    ruleLevels: lint.levels,
  };
}

/**
 * Removes a document that is the vendor's, not the cluster's (the release config, the
 * LintConfig), with its `---` line, so the rewritten stream holds Kubernetes objects only
 * and `kubectl apply` takes it as it is. A stream parsed whole (directives, `...`) has no
 * per-document offsets; there the document's content up to the next one's goes.
 */
function planDocumentRemoval(parsed: ParsedRelease, document: ReleaseDocument): TextEdit {
  const startOf = (found: ReleaseDocument) => (found.offset > 0 || found.index === 0 ? found.offset : found.doc.range[0]);
  const next = parsed.documents[document.index + 1];
  return { from: startOf(document), to: next ? startOf(next) : parsed.text.length, text: "" };
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
        { kind: "remove-image-entry", label: "Remove it from images:", reference: entry.reference },
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
