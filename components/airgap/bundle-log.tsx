"use client";

/** The build's log, newest line last; open while the build runs or after it failed. */
export function BundleLog({ lines, isOpen }: { lines: string[]; isOpen: boolean }) {
  if (lines.length === 0) return null;
  return (
    <details open={isOpen} className="group">
      <summary className="cursor-pointer text-sm font-medium text-slate-700">Build log ({lines.length} lines)</summary>
      <pre aria-label="Build log" className="mt-2 max-h-64 overflow-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs leading-5 text-slate-100">
        {lines.join("\n")}
      </pre>
    </details>
  );
}
