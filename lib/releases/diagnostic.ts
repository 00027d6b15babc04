/** Building diagnostics from character ranges. */
import { positionAt, type LineIndex } from "./line-index";
import type { Diagnostic, DiagnosticCode, DiagnosticSeverity, ReleaseFix } from "./types";

/** Creates a diagnostic located at [from, to) of the release text. */
export function createDiagnostic(
  lines: LineIndex,
  code: DiagnosticCode,
  severity: DiagnosticSeverity,
  message: string,
  range: readonly [number, number],
  fix?: ReleaseFix,
): Diagnostic {
  const { line, column } = positionAt(lines, range[0]);
  const diagnostic: Diagnostic = { code, severity, message, line, column, from: range[0], to: range[1] };
  if (fix) diagnostic.fix = fix;
  return diagnostic;
}

/** Orders diagnostics by position so the list reads top to bottom; stable for equal positions. */
export function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics
    .map((diagnostic, order) => ({ diagnostic, order }))
    .sort(
      (a, b) =>
        a.diagnostic.line - b.diagnostic.line ||
        (a.diagnostic.column ?? 0) - (b.diagnostic.column ?? 0) ||
        a.order - b.order,
    )
    .map(({ diagnostic }) => diagnostic);
}
