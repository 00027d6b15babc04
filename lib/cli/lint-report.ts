/**
 * The result of `slipway release lint`: diagnostics located in the files they came
 * from, counted, and judged against --fail-on. The JSON form is stable for scripts:
 * `{files, diagnostics: [{file, line, column, severity, code, message, fix}], counts, failOn, passed}`.
 */
import type { Diagnostic, DiagnosticSeverity } from "@/lib/releases";
import { formatTable } from "./format-table";
import { locateLine, type ReleaseSource } from "./read-release-files";

export type FailOn = "error" | "warn" | "info";

export interface LintReport {
  files: string[];
  diagnostics: { file: string; line: number; column: number | null; severity: DiagnosticSeverity; code: string; message: string; fix: string | null }[];
  counts: Record<DiagnosticSeverity, number>;
  failOn: FailOn;
  passed: boolean;
}

const FAILING: Record<FailOn, readonly DiagnosticSeverity[]> = { error: ["error"], warn: ["error", "warning"], info: ["error", "warning", "info"] };

/** Builds the report; `passed` is false when a diagnostic is at or above `failOn`. */
export function buildLintReport(diagnostics: readonly Diagnostic[], sources: readonly ReleaseSource[], failOn: FailOn): LintReport {
  const counts = { error: 0, warning: 0, info: 0 };
  const located = diagnostics.map((diagnostic) => {
    counts[diagnostic.severity]++;
    const { file, line } = locateLine(sources, diagnostic.line);
    return { file, line, column: diagnostic.column ?? null, severity: diagnostic.severity, code: diagnostic.code, message: diagnostic.message, fix: diagnostic.fix?.label ?? null };
  });
  const passed = !located.some((diagnostic) => FAILING[failOn].includes(diagnostic.severity));
  return { files: sources.map((source) => source.file), diagnostics: located, counts, failOn, passed };
}

/** The report for a terminal: one row per diagnostic, then the counts and the verdict. */
export function formatLintReport(report: LintReport): string {
  const rows = report.diagnostics.map((diagnostic) => [
    `${diagnostic.file}:${diagnostic.line}${diagnostic.column === null ? "" : `:${diagnostic.column}`}`,
    diagnostic.severity,
    diagnostic.code,
    diagnostic.fix ? `${diagnostic.message} [fix: ${diagnostic.fix}]` : diagnostic.message,
  ]);
  const table = formatTable(["WHERE", "SEVERITY", "RULE", "MESSAGE"], rows, "No problems found.");
  const { error, warning, info } = report.counts;
  const verdict = report.passed ? "passed" : `failed (--fail-on ${report.failOn})`;
  return `${table}\n${error} error${error === 1 ? "" : "s"}, ${warning} warning${warning === 1 ? "" : "s"}, ${info} note${info === 1 ? "" : "s"} in ${report.files.join(", ")}: ${verdict}.\n`;
}
