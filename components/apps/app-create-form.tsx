"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { deriveSlug, explainSlug } from "@/lib/apps/slug";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import type { APP_ROUTES } from "@/lib/api/openapi/apps";
import type { BodyInputOf, ResponseOf } from "@/lib/api/openapi/contract";
import { usePermission } from "@/components/auth/permissions";
import { appKeys } from "./query-keys";

/** Name in, slug derived as you type and editable until the app is created; only for roles that may create apps. */
export function AppCreateForm({ registryHost }: { registryHost: string }) {
  const { isAllowed, reason } = usePermission("apps:write");
  if (!isAllowed) return <p className="text-sm text-slate-500" data-testid="permission-note">{reason}</p>;
  return <AppCreateFields registryHost={registryHost} />;
}

function AppCreateFields({ registryHost }: { registryHost: string }) {
  const router = useRouter();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [slug, setSlug] = useState("");
  const [isSlugEdited, setIsSlugEdited] = useState(false);
  const effectiveSlug = isSlugEdited ? slug : deriveSlug(name);
  const slugProblem = effectiveSlug ? explainSlug(effectiveSlug) : null;

  const create = useMutation({
    mutationFn: () => apiFetch<ResponseOf<typeof APP_ROUTES.create>>("/apps", {
        method: "POST",
        json: { name, slug: effectiveSlug || undefined } satisfies BodyInputOf<typeof APP_ROUTES.create>,
      }),
    onSuccess: async ({ app }) => {
      await queryClient.invalidateQueries({ queryKey: appKeys.all });
      router.push(`/apps/${app.slug}`);
    },
  });
  const apiError = create.error instanceof ApiError ? create.error : undefined;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="grid gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm sm:grid-cols-[1fr_1fr_auto] sm:items-start">
      <Field label="Application name" name="name" value={name} onChange={(e) => setName(e.target.value)} placeholder="My App" required error={apiError?.fieldError("name")} />
      <Field
        label="Slug"
        name="slug"
        value={effectiveSlug}
        onChange={(e) => {
          setIsSlugEdited(true);
          setSlug(e.target.value);
        }}
        placeholder="my-app"
        error={apiError?.fieldError("slug") ?? (effectiveSlug && slugProblem ? `Slug ${slugProblem}.` : undefined)}
        hint={
          <>
            Registry path <span className="font-mono">{registryHost}/{effectiveSlug || "<slug>"}/…</span>. It cannot be changed later.
          </>
        }
      />
      <div className="sm:pt-6">
        <Button type="submit" disabled={create.isPending || !name.trim()}>
          {create.isPending ? "Creating…" : "Create application"}
        </Button>
      </div>
      {create.error && !apiError?.details.length ? (
        <p role="alert" className="text-sm text-red-600 sm:col-span-3">
          {create.error.message}
        </p>
      ) : null}
    </form>
  );
}
