"use client";

import { useMutation } from "@tanstack/react-query";
import { usePermission } from "@/components/auth/permissions";
import { apiFetch } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";
import { PipelineSnippets } from "@/components/ui/pipeline-snippets";
import { buildCiPushSnippets } from "@/lib/teams/ci-push-snippets";

/** Pushing from CI: creates a token limited to pull and push on this app, shown once, and the pipelines that use it. */
export function CiPushToken({ slug, registryHost, userEmail, image }: { slug: string; registryHost: string; userEmail: string; image?: string }) {
  // A push token is of no use to a role that cannot push (it would only be refused).
  if (!usePermission("registry:push").isAllowed) return null;
  return <CiPushTokenPanel slug={slug} registryHost={registryHost} userEmail={userEmail} image={image} />;
}

function CiPushTokenPanel({ slug, registryHost, userEmail, image }: { slug: string; registryHost: string; userEmail: string; image?: string }) {
  const create = useMutation({
    mutationFn: () => apiFetch<{ token: string }>("/tokens", { method: "POST", json: { name: `CI push ${slug}`, scopes: [{ app: slug, actions: ["pull", "push"] }] } }),
  });
  const snippets = buildCiPushSnippets({ registryHost, appSlug: slug, username: userEmail, image: image || undefined });
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
      <PipelineSnippets snippets={snippets} groupLabel="CI system for pushing" purpose="push" />
    </div>
  );
}
