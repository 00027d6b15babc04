"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Cell, Table } from "@/components/ui/table";
import { Time } from "@/components/ui/time";
import { tokenKeys } from "./query-keys";
import type { z } from "zod";
import type { accessTokenSchema } from "@/lib/api/openapi/accounts";

type TokenRow = z.infer<typeof accessTokenSchema>;

const COLUMNS = [
  { label: "Name" },
  { label: "Token" },
  { label: "Team" },
  { label: "Created" },
  { label: "Last used" },
  { label: "Expires" },
  { label: "Actions", isLabelHidden: true },
];

/** `registryHost` goes into the docker login hint: without it docker would send the token to Docker Hub. */
export function TokenManager({ email, registryHost }: { email: string; registryHost: string }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [expiresAt, setExpiresAt] = useState("");
  const [created, setCreated] = useState<{ name: string; token: string }>();
  const [revoking, setRevoking] = useState<TokenRow | null>(null);
  const tokens = useQuery({ queryKey: tokenKeys.list(), queryFn: () => apiFetch<{ tokens: TokenRow[] }>("/tokens").then((r) => r.tokens) });

  const create = useMutation({
    mutationFn: () => apiFetch<TokenRow & { token: string }>("/tokens", { method: "POST", json: { name, expiresAt: expiresAt || null } }),
    onSuccess: (result) => {
      setCreated({ name: result.name, token: result.token });
      setName("");
      return queryClient.invalidateQueries({ queryKey: tokenKeys.all });
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    create.mutate();
  }

  return (
    <div className="space-y-6">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <Field
          className="min-w-64 flex-1"
          label="Token name"
          name="tokenName"
          value={name}
          onChange={(e) => setName(e.target.value)}
          placeholder="CI pipeline"
          error={create.error instanceof ApiError ? (create.error.fieldError("name") ?? create.error.message) : create.error?.message}
          hint="Say where it will be used, so you know which one to revoke."
        />
        <Field label="Expires" name="tokenExpires" type="date" value={expiresAt} onChange={(e) => setExpiresAt(e.target.value)} hint="Empty: never." />
        <Button type="submit" className="mt-6" disabled={create.isPending || !name.trim()}>
          {create.isPending ? "Creating…" : "Create token"}
        </Button>
      </form>

      {created ? (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-5">
          <p className="text-sm font-medium text-emerald-900">
            Token “{created.name}” created. Copy it now: it will not be shown again.
          </p>
          <div className="mt-3 flex items-center gap-2 rounded-md bg-white px-3 py-2 ring-1 ring-emerald-200">
            <code data-testid="new-token" className="flex-1 break-all font-mono text-sm text-slate-900">
              {created.token}
            </code>
            <CopyButton value={created.token} label="Copy token" />
          </div>
          <p className="mt-3 text-xs text-emerald-900">
            Use it as the password with your e-mail: <code className="font-mono">docker login {registryHost} -u {email} --password-stdin</code>, or as{" "}
            <code className="font-mono">Authorization: Bearer …</code> for the API.
          </p>
        </div>
      ) : null}

      {tokens.isPending ? (
        <LoadingRows label="Loading tokens" />
      ) : tokens.isError ? (
        <ErrorState message={tokens.error.message} onRetry={() => tokens.refetch()} />
      ) : tokens.data.length === 0 ? (
        <EmptyState title="No access tokens">Create a token for docker login, CI pipelines and scripts that call the API.</EmptyState>
      ) : (
        <Table label="Access tokens" columns={COLUMNS}>
          {tokens.data.map((token) => (
            <tr key={token.id}>
              <Cell className="font-medium text-slate-900">{token.name}</Cell>
              <Cell className="font-mono text-xs text-slate-500">
                {token.prefix}…
                {token.scopes ? <span className="block font-sans">{token.scopes.map((scope) => `${scope.app}: ${scope.actions.join(", ")}`).join("; ")}</span> : null}
              </Cell>
              <Cell className="text-slate-600">{token.team.name}</Cell>
              <Cell className="text-slate-600">
                <Time value={token.createdAt} format="datetime" />
              </Cell>
              <Cell className="text-slate-600">
                <Time value={token.lastUsedAt} empty="Never" />
              </Cell>
              <Cell className="text-slate-600">
                {token.expiresAt && new Date(token.expiresAt) <= new Date() ? (
                  <span className="text-red-700">
                    Expired <Time value={token.expiresAt} format="datetime" />
                  </span>
                ) : (
                  <Time value={token.expiresAt} format="datetime" empty="Never" />
                )}
              </Cell>
              <Cell align="right">
                <Button variant="secondary" onClick={() => setRevoking(token)}>
                  Revoke
                </Button>
              </Cell>
            </tr>
          ))}
        </Table>
      )}
      {revoking ? (
        <ConfirmDialog
          title={`Revoke the token “${revoking.name}”?`}
          description="Anything using it (docker, CI, scripts) stops working at once. This cannot be undone."
          confirmLabel="Revoke token"
          busyLabel="Revoking…"
          action={() => apiFetch<void>(`/tokens/${revoking.id}`, { method: "DELETE" })}
          onDone={() => {
            setRevoking(null);
            return queryClient.invalidateQueries({ queryKey: tokenKeys.all });
          }}
          onClose={() => setRevoking(null)}
        />
      ) : null}
    </div>
  );
}
