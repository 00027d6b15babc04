"use client";

import { useState } from "react";
import { CopyButton } from "@/components/ui/copy-button";
import { buildCiSnippets, type CiSnippet } from "@/lib/cli/ci-snippets";

/**
 * Releases from CI: a GitHub Actions workflow and a GitLab CI job that lint, create and
 * promote a release with the slipway CLI, filled in for this portal and application.
 */
export function CiSnippets({ portalUrl, slug }: { portalUrl: string; slug: string }) {
  const snippets = buildCiSnippets({ portalUrl: portalUrl || "https://slipway.example.com", appSlug: slug });
  const [selected, setSelected] = useState<CiSnippet["id"]>("github");
  const snippet = snippets.find((candidate) => candidate.id === selected) ?? snippets[0];
  return (
    <div className="mt-6 border-t border-slate-100 pt-5">
      <h3 className="text-sm font-semibold text-slate-900">Release from CI</h3>
      <p className="mt-1 text-sm text-slate-600">
        After the push, the <code className="font-mono">slipway</code> command lints the release YAML, creates the release and promotes it. Store a token for CI as the secret{" "}
        <code className="font-mono">SLIPWAY_TOKEN</code>.
      </p>
      <div role="group" aria-label="CI system" className="mt-3 flex flex-wrap gap-1">
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
        <pre aria-label={`${snippet.title} pipeline`} className="flex-1 overflow-x-auto whitespace-pre font-mono text-xs text-slate-100">
          {snippet.text}
        </pre>
        <CopyButton value={snippet.text} label="Copy" />
      </div>
    </div>
  );
}
