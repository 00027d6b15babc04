"use client";

import { Time } from "@/components/ui/time";
import type { AutosaveStatus } from "./use-draft-autosave";

/** "Draft saved 12:04 UTC", "Saving…", or why it was not saved with a way to try again. */
export function SaveStatus({ status, savedAt, error, onRetry }: { status: AutosaveStatus; savedAt: string | null; error: string | null; onRetry: () => void }) {
  if (status === "error") {
    return (
      <span role="status" className="text-xs text-red-700">
        Draft not saved: {error}{" "}
        <button type="button" onClick={onRetry} className="font-medium underline">
          Try again
        </button>
      </span>
    );
  }
  const text =
    status === "saving" ? "Saving draft…" : status === "pending" ? "Unsaved changes" : savedAt ? <>Draft saved <Time value={savedAt} format="time" /></> : "Draft saves automatically";
  return (
    <span role="status" className="inline-flex items-center gap-1.5 text-xs text-slate-500">
      <span aria-hidden="true" className={`h-1.5 w-1.5 rounded-full ${status === "saved" ? "bg-emerald-500" : "bg-amber-400"}`} />
      {text}
    </span>
  );
}
