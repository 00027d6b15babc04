/**
 * One-click fixes offered by diagnostics. A fix edits only the text it must, then the
 * result is previewed again to prove the diagnostic is gone and nothing broke.
 */
import { invalidInput } from "@/lib/errors";
import { planApiVersionEdits } from "./fix-api-version";
import { planPullSecretEdits } from "./fix-pull-secret";
import { parseReleaseStream } from "./parse-release-stream";
import { previewRelease } from "./preview-release";
import { applyTextEdits } from "./text-edits";
import type { ReleaseContext, ReleaseFix, ReleasePreview } from "./types";

/**
 * Applies `fix` to the release text and returns the new text. Throws AppError
 * `invalid_input` when the text no longer matches the fix or the result would not be clean.
 */
export function applyFix(yamlText: string, fix: ReleaseFix, context: ReleaseContext): string {
  const parsed = parseReleaseStream(yamlText);
  const document = parsed.documents[fix.document];
  if (!document || !document.isUsable) {
    throw invalidInput("fix", `document ${fix.document + 1} is missing or has syntax errors; preview the release again`);
  }
  const edits =
    fix.kind === "add-pull-secret"
      ? planPullSecretEdits(parsed, document, fix.path)
      : planApiVersionEdits(parsed, document, fix.from, fix.to);
  const result = applyTextEdits(yamlText, edits);
  const reparsed = parseReleaseStream(result);
  const isClean = reparsed.documents.length === parsed.documents.length && reparsed.documents[fix.document].isUsable;
  if (!isClean || stillNeedsFix(previewRelease(result, context), fix)) {
    throw invalidInput("fix", "the fix could not be applied cleanly to this layout; make the change by hand");
  }
  return result;
}

function stillNeedsFix(preview: ReleasePreview, fix: ReleaseFix): boolean {
  return preview.diagnostics.some(({ fix: other }) => other !== undefined && isSameTarget(other, fix));
}

function isSameTarget(a: ReleaseFix, b: ReleaseFix): boolean {
  if (a.kind !== b.kind || a.document !== b.document) return false;
  if (a.kind === "add-pull-secret" && b.kind === "add-pull-secret") return a.path.join(".") === b.path.join(".");
  return true;
}
