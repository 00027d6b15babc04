"use client";

import { RELEASE_RULES, type Diagnostic, type ReleaseFix } from "@/lib/releases";
import { describeCounts, SeverityIcon } from "./preview-bits";

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

/** Errors first, then warnings, then notes; top to bottom within each. */
export function sortBySeverity(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.line - b.line || (a.column ?? 0) - (b.column ?? 0));
}

/**
 * The preview's diagnostics, errors first, then warnings and notes, each top to bottom. Each one is a button that moves the
 * editor to its line (Enter or a click); fixable ones carry a Fix button.
 */
export function DiagnosticsList({
  diagnostics,
  onGoTo,
  onFix,
  fixError,
  emptyMessage = "Nothing to fix. Diagnostics appear here as you type.",
}: {
  diagnostics: Diagnostic[];
  onGoTo?: (diagnostic: Diagnostic) => void;
  onFix?: (fix: ReleaseFix) => void;
  fixError?: string | null;
  emptyMessage?: string;
}) {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const diagnostic of diagnostics) counts[diagnostic.severity]++;
  return (
    <div className="flex min-h-0 flex-col">
      <p className="border-b border-slate-100 px-4 py-2 text-xs text-slate-600" aria-live="polite">
        {describeCounts(counts)}
      </p>
      {fixError ? (
        <p role="alert" className="border-b border-red-100 bg-red-50 px-4 py-2 text-xs text-red-800">
          {fixError}
        </p>
      ) : null}
      {diagnostics.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">{emptyMessage}</p>
      ) : (
        <ul className="min-h-0 flex-1 divide-y divide-slate-100 overflow-y-auto" aria-label="Diagnostics">
          {sortBySeverity(diagnostics).map((diagnostic, index) => (
            <li key={`${diagnostic.code}-${diagnostic.line}-${index}`} className="flex items-start gap-2 px-3 py-2">
              <button
                type="button"
                onClick={() => onGoTo?.(diagnostic)}
                disabled={!onGoTo}
                className="flex min-w-0 flex-1 items-start gap-2 rounded text-left hover:bg-slate-50 disabled:cursor-default disabled:hover:bg-transparent"
              >
                <span className="mt-0.5">
                  <SeverityIcon severity={diagnostic.severity} />
                </span>
                <span className="min-w-0">
                  <span className="block text-sm text-slate-800">{diagnostic.message}</span>
                  <span className="mt-0.5 block font-mono text-[11px] text-slate-500">
                    line {diagnostic.line} · <abbr title={RELEASE_RULES[diagnostic.code]?.explanation} className="no-underline">{diagnostic.code}</abbr>
                  </span>
                </span>
              </button>
              {diagnostic.fix && onFix ? (
                <button
                  type="button"
                  onClick={() => onFix(diagnostic.fix!)}
                  title={diagnostic.fix.label}
                  aria-label={`Fix: ${diagnostic.fix.label} (line ${diagnostic.line})`}
                  className="shrink-0 rounded border border-brand-500 bg-white px-2 py-0.5 text-xs font-medium text-brand-700 hover:bg-brand-50"
                >
                  Fix
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
