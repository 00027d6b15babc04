"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { buildCiPushSnippets, type CiPushSnippet } from "@/lib/teams/ci-push-snippets";

/** Pushing from CI: creates a token limited to pull and push on this app, shown once, and the pipelines that use it. */
export function CiPushToken({ slug, registryHost, userEmail, image }: { slug: string; registryHost: string; userEmail: string; image?: string }) {
  const [selected, setSelected] = useState<CiPushSnippet["id"]>("github");
  const create = useMutation({
    mutationFn: () => apiFetch<{ token: string }>("/tokens", { method: "POST", json: { name: `CI push ${slug}`, scopes: [{ app: slug, actions: ["pull", "push"] }] } }),
  });
  const snippets = buildCiPushSnippets({ registryHost, appSlug: slug, username: userEmail, image: image || undefined });
  const snippet = snippets.find((entry) => entry.id === selected) ?? snippets[0]!;
  return (
    <div className="mt-6 border-t border-slate-100 pt-5">
      <h3 className="text-sm font-semibold text-slate-900">Push from CI</h3>
      <p className="mt-1 text-sm text-slate-600">
        Give the pipeline a token that can only pull and push {slug}&apos;s images, stored as the secret <code className="font-mono">SLIPWAY_PUSH_TOKEN</code>.
      </p>
      {create.data ? (
        <div role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          Push-only token (shown once):
          <div className="mt-2 flex items-center gap-2 rounded bg-white px-3 py-2 ring-1 ring-emerald-200">
            <code data-testid="ci-push-token" className="flex-1 break-all font-mono">{create.data.token}</code>
            <CopyButton value={create.data.token} label="Copy token" />
          </div>
        </div>
      ) : (
        <Button className="mt-3" variant="secondary" onClick={() => create.mutate()} disabled={create.isPending}>
          Create a push-only token
        </Button>
      )}
      {create.error ? <p role="alert" className="mt-2 text-sm text-red-700">{create.error.message}</p> : null}
      <div role="group" aria-label="CI system for pushing" className="mt-3 flex flex-wrap gap-1">
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
        <pre aria-label={`${snippet.title} push pipeline`} className="flex-1 overflow-x-auto whitespace-pre font-mono text-xs text-slate-100">
          {snippet.text}
        </pre>
        <CopyButton value={snippet.text} label="Copy" />
      </div>
    </div>
  );
}
