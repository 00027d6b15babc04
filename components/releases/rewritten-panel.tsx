"use client";

import { useMemo } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { diffLines } from "@/lib/releases";
import { SideBySideDiff } from "./side-by-side-diff";

/** The release as written beside the release customers receive, with the rewritten lines highlighted. */
export function RewrittenPanel({ original, rewritten, fileName = "release.yaml" }: { original: string; rewritten: string; fileName?: string }) {
  const changes = useMemo(() => diffLines(original, rewritten), [original, rewritten]);
  const changed = changes.filter((change) => change.type === "added").length;
  const lineCount = changes.filter((change) => change.type !== "removed").length;
  // A rewritten line is one removed and one added; the rest removed is the release config.
  const leftOut = changes.filter((change) => change.type === "removed").length - changed;

  function download() {
    const url = URL.createObjectURL(new Blob([rewritten], { type: "application/yaml" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  if (original.trim() === "") return <p className="px-4 py-8 text-center text-sm text-slate-600">The rewritten release appears here once the editor holds YAML.</p>;
  if (rewritten.trim() === "") {
    return <p className="px-4 py-8 text-center text-sm text-slate-600">Nothing for customers yet: the release holds no Kubernetes objects, or it could not be previewed (see the diagnostics).</p>;
  }
  return (
    <div>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 px-4 py-2">
        <p className="mr-auto text-xs text-slate-600" aria-live="polite">
          {changed === 0
            ? `Nothing is rewritten: customers receive these ${lineCount} lines as written.`
            : `${changed} line${changed === 1 ? "" : "s"} rewritten for customers (external images through the proxy).`}
          {leftOut > 0 ? " The release config (images:) stays with you: customers receive Kubernetes objects only." : ""}
        </p>
        <CopyButton value={rewritten} label="Copy rewritten YAML" />
        <button type="button" onClick={download} className="rounded border border-slate-300 bg-white px-2 py-1 text-xs font-medium text-slate-700 hover:bg-slate-50">
          Download {fileName}
        </button>
      </div>
      <SideBySideDiff changes={changes} leftLabel="As written" rightLabel="As customers receive it" tone="rewrite" isCollapsible={lineCount > 80} />
    </div>
  );
}
