/**
 * One-click fixes offered by diagnostics. A fix edits only the text it must, then the
 * result is previewed again to prove the diagnostic is gone and nothing broke (no
 * document lost or left unparseable, no new error).
 */
import { invalidInput } from "@/lib/errors";
import { planApiVersionEdits } from "./fix-api-version";
import { planPullPolicyEdits, planSecurityFlagEdits } from "./fix-container-fields";
import { planAddImageEntry, planRemoveImageEntry } from "./fix-image-entries";
import { planNamespaceRemoval } from "./fix-namespace";
import { planPullSecretEdits } from "./fix-pull-secret";
import { parseReleaseStream, type ParsedRelease, type ReleaseDocument } from "./parse-release-stream";
import { previewRelease, type PreviewOptions } from "./preview-release";
import { applyTextEdits, type TextEdit } from "./text-edits";
import type { ReleaseContext, ReleaseFix, ReleasePreview } from "./types";

/**
 * Applies `fix` to the release text and returns the new text. Throws AppError
 * `invalid_input` when the text no longer matches the fix or the result would not be clean.
 * Pass the same `options` (schemas) the preview used, so the re-check sees what it saw.
 */
export function applyFix(yamlText: string, fix: ReleaseFix, context: ReleaseContext, options: PreviewOptions = {}): string {
  const parsed = parseReleaseStream(yamlText);
  const result = applyTextEdits(yamlText, planEdits(parsed, fix, context));
  const reparsed = parseReleaseStream(result);
  const isClean = reparsed.documents.length >= parsed.documents.length && countUnusable(reparsed) <= countUnusable(parsed);
  if (!isClean) throw invalidInput("fix", "the fix could not be applied cleanly to this layout; make the change by hand");
  const before = previewRelease(yamlText, context, options);
  const after = previewRelease(result, context, options);
  if (stillNeedsFix(after, fix) || countErrors(after) > countErrors(before)) {
    throw invalidInput("fix", "the fix could not be applied cleanly to this layout; make the change by hand");
  }
  return result;
}

function planEdits(parsed: ParsedRelease, fix: ReleaseFix, context: ReleaseContext): TextEdit[] {
  switch (fix.kind) {
    case "add-image-entry":
      return planAddImageEntry(parsed, fix);
    case "remove-image-entry":
      return planRemoveImageEntry(parsed, fix, context);
    case "add-pull-secret":
      return planPullSecretEdits(parsed, usableDocument(parsed, fix.document), fix.path);
    case "migrate-api-version":
      return planApiVersionEdits(parsed, usableDocument(parsed, fix.document), fix.from, fix.to);
    case "remove-namespace":
      return planNamespaceRemoval(parsed, usableDocument(parsed, fix.document));
    case "set-pull-policy":
      return planPullPolicyEdits(parsed, usableDocument(parsed, fix.document), fix);
    case "disable-security-flag":
      return planSecurityFlagEdits(parsed, usableDocument(parsed, fix.document), fix);
  }
}

function usableDocument(parsed: ParsedRelease, index: number): ReleaseDocument {
  const document = parsed.documents[index];
  if (!document || !document.isUsable) {
    throw invalidInput("fix", `document ${index + 1} is missing or has syntax errors; preview the release again`);
  }
  return document;
}

function countUnusable(parsed: ParsedRelease): number {
  return parsed.documents.filter((document) => !document.isUsable).length;
}

function countErrors(preview: ReleasePreview): number {
  return preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error").length;
}

function stillNeedsFix(preview: ReleasePreview, fix: ReleaseFix): boolean {
  const target = describeTarget(fix);
  return preview.diagnostics.some(({ fix: other }) => other !== undefined && describeTarget(other) === target);
}

/** What a fix changes, without its label: two fixes with the same target are the same fix. */
function describeTarget(fix: ReleaseFix): string {
  // A migration's target is the document: after it the document offers no migration at all.
  if (fix.kind === "migrate-api-version") return `${fix.kind}|${fix.document}`;
  return JSON.stringify({ ...fix, label: undefined });
}
