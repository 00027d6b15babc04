/** Helpers for the fix tests: the fix a diagnostic offers, and the codes a text still has. */
import { previewRelease } from "./preview-release";
import { CONTEXT } from "./test-fixtures";
import type { DiagnosticCode, ReleaseFix } from "./types";

/** The fix offered by the first `code` diagnostic of `text`; throws when none is offered. */
export function fixFor(text: string, code: DiagnosticCode): ReleaseFix {
  const diagnostic = previewRelease(text, CONTEXT).diagnostics.find((entry) => entry.code === code);
  if (!diagnostic?.fix) throw new Error(`no ${code} fix offered`);
  return diagnostic.fix;
}

/** Every diagnostic code of `text`, top to bottom. */
export function codesOf(text: string): DiagnosticCode[] {
  return previewRelease(text, CONTEXT).diagnostics.map((diagnostic) => diagnostic.code);
}
