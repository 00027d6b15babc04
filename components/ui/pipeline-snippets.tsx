"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";

/** One CI system's pipeline file: where it goes and what it holds. */
export interface PipelineSnippet {
  id: string;
  title: string;
  file: string;
  text: string;
}

/**
 * A choice of CI systems (the first one shown at first) and the chosen system's pipeline
 * file with a copy button. `purpose` names the pipelines for screen readers ("push").
 */
export function PipelineSnippets({ snippets, groupLabel, purpose }: { snippets: readonly PipelineSnippet[]; groupLabel: string; purpose?: string }) {
  const [selected, setSelected] = useState(snippets[0]!.id);
  const snippet = snippets.find((entry) => entry.id === selected) ?? snippets[0]!;
  return (
    <>
      <div role="group" aria-label={groupLabel} className="mt-3 flex flex-wrap gap-1">
        {snippets.map((entry) => (
          <button
            key={entry.id}
            type="button"
            aria-pressed={entry.id === snippet.id}
            onClick={() => setSelected(entry.id)}
            className={`rounded-md px-3 py-1.5 text-sm font-medium ${entry.id === snippet.id ? "bg-slate-900 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            {entry.title}
          </button>
        ))}
      </div>
      <p className="mt-3 font-mono text-xs text-slate-500">{snippet.file}</p>
      <div className="mt-1 flex items-start gap-2 rounded-md bg-slate-900 px-3 py-2">
        <pre aria-label={`${snippet.title} ${purpose ? `${purpose} ` : ""}pipeline`} className="flex-1 overflow-x-auto whitespace-pre font-mono text-xs text-slate-100">
          {snippet.text}
        </pre>
        <CopyButton value={snippet.text} label="Copy" />
      </div>
    </>
  );
}
