"use client";

import { PipelineSnippets } from "@/components/ui/pipeline-snippets";
import { buildCiSnippets } from "@/lib/cli/ci-snippets";

/**
 * Releases from CI: a GitHub Actions workflow and a GitLab CI job that lint, create and
 * promote a release with the slipway CLI, filled in for this portal and application.
 */
export function CiSnippets({ portalUrl, slug }: { portalUrl: string; slug: string }) {
  const snippets = buildCiSnippets({ portalUrl: portalUrl || "https://slipway.example.com", appSlug: slug });
  return (
    <div className="mt-6 border-t border-slate-100 pt-5">
      <h3 className="text-sm font-semibold text-slate-900">Release from CI</h3>
      <p className="mt-1 text-sm text-slate-600">
        After the push, the <code className="font-mono">slipway</code> command lints the release YAML, creates the release and promotes it. Store a token for CI as the secret{" "}
        <code className="font-mono">SLIPWAY_TOKEN</code>.
      </p>
      <PipelineSnippets snippets={snippets} groupLabel="CI system" />
    </div>
  );
}
