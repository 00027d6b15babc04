"use client";

import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import type { Diagnostic } from "@/lib/releases";
import { SeverityIcon } from "./preview-bits";

/** Confirms creating a release, listing the warnings and notes that remain (errors never reach here). */
export function ReleaseCreateDialog({
  open,
  onClose,
  onConfirm,
  isPending,
  error,
  remaining,
  imageCount,
  notes,
}: {
  open: boolean;
  onClose: () => void;
  onConfirm: () => void;
  isPending: boolean;
  error: string | null;
  remaining: Diagnostic[];
  imageCount: number;
  notes: string;
}) {
  const warnings = remaining.filter((diagnostic) => diagnostic.severity === "warning");
  return (
    <Dialog
      open={open}
      onClose={() => {
        if (!isPending) onClose();
      }}
      title="Create this release?"
      description={
        <>
          It is saved as the application&apos;s next release with {imageCount} image{imageCount === 1 ? "" : "s"}, and the tags it uses are recorded with their current digests.
          {notes.trim() ? "" : " It has no release notes."}
        </>
      }
      footer={
        <>
          <Button variant="secondary" onClick={onClose} disabled={isPending}>
            Cancel
          </Button>
          <Button onClick={onConfirm} disabled={isPending} data-autofocus>
            {isPending ? "Creating…" : "Create release"}
          </Button>
        </>
      }
    >
      {remaining.length > 0 ? (
        <div>
          <p className="text-sm font-medium text-slate-800">
            {warnings.length > 0 ? `${warnings.length} warning${warnings.length === 1 ? "" : "s"} remain${warnings.length === 1 ? "s" : ""}:` : "Notes:"}
          </p>
          <ul className="mt-2 max-h-60 space-y-2 overflow-y-auto rounded-md border border-slate-200 bg-slate-50 p-3" aria-label="Remaining warnings">
            {remaining.map((diagnostic, index) => (
              <li key={`${diagnostic.code}-${diagnostic.line}-${index}`} className="flex items-start gap-2 text-sm text-slate-700">
                <span className="mt-0.5">
                  <SeverityIcon severity={diagnostic.severity} />
                </span>
                <span>
                  <span className="font-mono text-xs text-slate-500">line {diagnostic.line}</span> {diagnostic.message}
                </span>
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className="text-sm text-emerald-800">No warnings: every check passed.</p>
      )}
      {error ? (
        <p role="alert" className="mt-3 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {error}
        </p>
      ) : null}
    </Dialog>
  );
}
