"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows, PageHeader } from "@/components/ui/card";
import { registryKeys } from "./query-keys";
import { registriesApi } from "./registries-api";
import { RegistryCard } from "./registry-card";
import { RegistryDeleteDialog } from "./registry-delete-dialog";
import { RegistryFormDialog } from "./registry-form-dialog";
import type { RegistryRow } from "./types";

type Dialog = { kind: "create" } | { kind: "edit"; registry: RegistryRow } | { kind: "delete"; registry: RegistryRow } | null;

/** The registries page: the list (server-rendered first), the add/edit and delete dialogs, and what just happened. */
/** `canEdit` false (a developer or viewer): the list without adding, editing, testing or deleting, which use the secrets. */
export function RegistryManager({ initialRegistries, canEdit = true }: { initialRegistries?: RegistryRow[]; canEdit?: boolean }) {
  const registries = useQuery({ queryKey: registryKeys.list(), queryFn: registriesApi.list, initialData: initialRegistries });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string>();
  const openCreate = () => setDialog({ kind: "create" });

  return (
    <>
      <PageHeader
        title="External registries"
        description="Private registries your images come from. Their credentials stay on the server, encrypted; releases refer to them by name."
        actions={registries.data?.length && canEdit ? <Button onClick={openCreate}>Add registry</Button> : null}
      />
      <div role="status" aria-live="polite">
        {notice ? <p className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-2.5 text-sm text-emerald-900">{notice}</p> : null}
      </div>
      {registries.isError ? <ErrorState message={`The registries could not be loaded: ${registries.error.message}`} onRetry={() => registries.refetch()} /> : null}
      {registries.isPending ? (
        <LoadingRows label="Loading registries" />
      ) : registries.data && registries.data.length === 0 ? (
        canEdit ? <RegistriesEmptyState onAdd={openCreate} /> : <EmptyState title="No external registries yet">An admin or owner of the team adds them.</EmptyState>
      ) : registries.data ? (
        <ul aria-label="External registries" className="space-y-4">
          {registries.data.map((registry) => (
            <RegistryCard
              key={registry.name}
              registry={registry}
              canEdit={canEdit}
              onEdit={() => setDialog({ kind: "edit", registry })}
              onDelete={() => setDialog({ kind: "delete", registry })}
            />
          ))}
        </ul>
      ) : null}

      {dialog?.kind === "create" || dialog?.kind === "edit" ? (
        <RegistryFormDialog
          registry={dialog.kind === "edit" ? dialog.registry : undefined}
          onClose={() => setDialog(null)}
          onSaved={(saved, isNew) => {
            setDialog(null);
            setNotice(isNew ? `Added “${saved.name}”. Run “Test connection” to check the credentials.` : `Saved “${saved.name}”.`);
          }}
        />
      ) : null}
      {dialog?.kind === "delete" ? (
        <RegistryDeleteDialog
          registry={dialog.registry}
          onClose={() => setDialog(null)}
          onDeleted={(name) => {
            setDialog(null);
            setNotice(`Deleted “${name}” and its stored credentials.`);
          }}
        />
      ) : null}
    </>
  );
}

function RegistriesEmptyState({ onAdd }: { onAdd: () => void }) {
  return (
    <EmptyState title="No external registries yet" action={<Button onClick={onAdd}>Add registry</Button>}>
      <p>
        Add the private registries your application&apos;s images live in (Quay, Docker Hub, GitHub, Google, Amazon ECR, GitLab or your own) with read-only
        credentials. Give each a name and use it as the <span className="font-mono">source</span> of an image in a release&apos;s{" "}
        <span className="font-mono">images:</span>; Slipway then reaches the image with these credentials, and your customers never see them.
      </p>
      <pre className="mx-auto mt-4 w-fit rounded-md bg-slate-900 px-4 py-3 text-left font-mono text-xs leading-relaxed text-slate-100">
        {`images:\n  - source: quay\n    name: mycompany/api\n    tag: 2.0.0`}
      </pre>
    </EmptyState>
  );
}
