"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormattedDate } from "@/components/registries/format-date";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows, SectionHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Cell, Table } from "@/components/ui/table";
import { teamKeys } from "./query-keys";
import type { z } from "zod";
import type { serviceAccountSchema } from "@/lib/api/openapi/teams";

const ACTIONS = ["pull", "push", "delete", "releases:write"] as const;

type ServiceAccount = z.infer<typeof serviceAccountSchema>;

/** The team's service accounts: create one with scopes per app (its token shown once), delete. */
export function ServiceAccountsManager({ apps, registryHost }: { apps: string[]; registryHost: string }) {
  const queryClient = useQueryClient();
  const accounts = useQuery({ queryKey: teamKeys.serviceAccounts(), queryFn: () => apiFetch<{ serviceAccounts: ServiceAccount[] }>("/service-accounts").then((r) => r.serviceAccounts) });
  const remove = useMutation({ mutationFn: (id: string) => apiFetch(`/service-accounts/${id}`, { method: "DELETE" }), onSettled: () => queryClient.invalidateQueries({ queryKey: teamKeys.serviceAccounts() }) });
  return (
    <div className="space-y-8">
      <CreateServiceAccountForm apps={apps} registryHost={registryHost} onCreated={() => queryClient.invalidateQueries({ queryKey: teamKeys.serviceAccounts() })} />
      <section>
        <SectionHeader title="Service accounts" />
        {accounts.isPending ? (
          <LoadingRows label="Loading service accounts" />
        ) : accounts.isError ? (
          <ErrorState message={accounts.error.message} onRetry={() => accounts.refetch()} />
        ) : accounts.data.length === 0 ? (
          <EmptyState title="No service accounts">Create one for each CI pipeline, with only the scopes it needs.</EmptyState>
        ) : (
          <Table label="Service accounts" columns={[{ label: "Account" }, { label: "Scopes" }, { label: "Created" }, { label: "Last used" }, { label: "Expires" }, { label: "Actions", isLabelHidden: true, align: "right" }]}>
            {accounts.data.map((account) => (
              <tr key={account.id} data-testid={`service-account-${account.name}`}>
                <Cell>
                  <span className="block font-medium text-slate-900">{account.name}</span>
                  <code className="block font-mono text-xs text-slate-500">{account.username}</code>
                  {account.description ? <span className="block text-xs text-slate-500">{account.description}</span> : null}
                </Cell>
                <Cell className="text-xs">
                  {account.scopes.map((scope) => (
                    <span key={scope.app} className="block">
                      <strong>{scope.app}</strong>: {scope.actions.join(", ")}
                    </span>
                  ))}
                </Cell>
                <Cell>
                  <FormattedDate iso={account.createdAt} /> <span className="block text-xs text-slate-500">by {account.createdBy}</span>
                </Cell>
                <Cell>{account.lastUsedAt ? <FormattedDate iso={account.lastUsedAt} withTime /> : "Never"}</Cell>
                <Cell>{account.expiresAt ? <FormattedDate iso={account.expiresAt} /> : "Never"}</Cell>
                <Cell align="right">
                  <Button
                    variant="secondary"
                    disabled={remove.isPending}
                    onClick={() => {
                      if (window.confirm(`Delete ${account.name}? Pipelines using its token stop at once.`)) remove.mutate(account.id);
                    }}
                  >
                    Delete
                  </Button>
                </Cell>
              </tr>
            ))}
          </Table>
        )}
      </section>
    </div>
  );
}

function CreateServiceAccountForm({ apps, registryHost, onCreated }: { apps: string[]; registryHost: string; onCreated: () => void }) {
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [scopes, setScopes] = useState<Record<string, string[]>>({});
  const [created, setCreated] = useState<{ username: string; token: string }>();
  const create = useMutation({
    mutationFn: () =>
      apiFetch<{ serviceAccount: ServiceAccount; token: string }>("/service-accounts", {
        method: "POST",
        json: { name, description, expiresAt: expiresAt || null, scopes: Object.entries(scopes).filter(([, actions]) => actions.length).map(([app, actions]) => ({ app, actions })) },
      }),
    onSuccess: (result) => {
      setCreated({ username: result.serviceAccount.username, token: result.token });
      setName("");
      setDescription("");
      setScopes({});
      onCreated();
    },
  });
  const toggle = (app: string, action: string) =>
    setScopes((current) => {
      const actions = current[app] ?? [];
      return { ...current, [app]: actions.includes(action) ? actions.filter((a) => a !== action) : [...actions, action] };
    });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }
  const error = create.error instanceof ApiError ? create.error : null;
  return (
    <section className="space-y-3">
      <form onSubmit={onSubmit} noValidate className="space-y-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <div className="flex flex-wrap gap-4">
          <Field className="min-w-56 flex-1" label="Name" name="saName" value={name} onChange={(e) => setName(e.target.value)} placeholder="github-ci" error={error?.fieldError("name")} hint="Lowercase letters, digits and hyphens." />
          <Field className="min-w-56 flex-1" label="Description" name="saDescription" value={description} onChange={(e) => setDescription(e.target.value)} placeholder="Pushes images from the main branch" />
          <Field label="Expires" name="saExpires" type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} hint="Empty: never." error={error?.fieldError("expiresAt")} />
        </div>
        <fieldset>
          <legend className="text-sm font-medium text-slate-800">Scopes per application</legend>
          {apps.length === 0 ? <p className="text-sm text-slate-500">Create an application first.</p> : null}
          <div className="mt-2 space-y-1">
            {apps.map((app) => (
              <div key={app} className="flex flex-wrap items-center gap-4 text-sm">
                <span className="w-48 font-mono text-slate-700">{app}</span>
                {ACTIONS.map((action) => (
                  <label key={action} className="flex items-center gap-1">
                    <input type="checkbox" aria-label={`${app} ${action}`} checked={(scopes[app] ?? []).includes(action)} onChange={() => toggle(app, action)} />
                    {action}
                  </label>
                ))}
              </div>
            ))}
          </div>
        </fieldset>
        {error && !error.fieldError("name") && !error.fieldError("expiresAt") ? <p role="alert" className="text-sm text-red-700">{error.message}</p> : null}
        <Button type="submit" disabled={create.isPending || !name.trim()}>
          {create.isPending ? "Creating…" : "Create service account"}
        </Button>
      </form>
      {created ? (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-5 text-sm text-emerald-900">
          <p className="font-medium">Service account {created.username} created. Copy its token now: it will not be shown again.</p>
          <div className="mt-3 flex items-center gap-2 rounded-md bg-white px-3 py-2 ring-1 ring-emerald-200">
            <code data-testid="service-account-token" className="flex-1 break-all font-mono text-slate-900">
              {created.token}
            </code>
            <CopyButton value={created.token} label="Copy token" />
          </div>
          <p className="mt-3">
            <code className="font-mono">{`echo "$TOKEN" | docker login ${registryHost} -u ${created.username} --password-stdin`}</code>
          </p>
        </div>
      ) : null}
    </section>
  );
}
