"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field } from "@/components/ui/field";
import { previewEndpoint } from "@/lib/external-registries/endpoint-preview";
import { isSameServer } from "@/lib/external-registries/secret-destination";
import { registryNameSchema } from "@/lib/external/registry-input";
import { EndpointPreviewNote } from "./endpoint-preview-note";
import { FormattedDate } from "./format-date";
import { registryKeys } from "./query-keys";
import { registriesApi } from "./registries-api";
import type { RegistryFormValues, RegistryRow } from "./types";

const FIELDS = ["name", "endpoint", "username", "password"] as const;

/**
 * Adds a registry (`registry` absent) or edits one. The endpoint is normalised as it is
 * typed, with the same code the server stores it with; the stored secret is never sent
 * to the browser, so editing shows only when it was set and a blank field keeps it.
 */
export function RegistryFormDialog({ registry, onClose, onSaved }: { registry?: RegistryRow; onClose: () => void; onSaved: (saved: RegistryRow, isNew: boolean) => void }) {
  const queryClient = useQueryClient();
  const formId = useId();
  const isNew = registry === undefined;
  const [values, setValues] = useState<RegistryFormValues>({ name: registry?.name ?? "", endpoint: registry?.endpoint ?? "", username: registry?.username ?? "", password: "" });
  const save = useMutation({
    mutationFn: (sent: RegistryFormValues) => (isNew ? registriesApi.create(sent) : registriesApi.update(registry.name, sent)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onSaved(saved, isNew);
    },
  });

  const preview = previewEndpoint(values.endpoint);
  const nameIssue = values.name ? registryNameSchema.safeParse(values.name).error?.issues[0]?.message : undefined;
  const movesSecret = !isNew && preview?.ok === true && !isSameServer(registry.endpoint, preview.endpoint);
  const apiError = save.error instanceof ApiError ? save.error : undefined;
  const fieldError = (field: (typeof FIELDS)[number]) => apiError?.fieldError(field);
  const generalError = save.error && !FIELDS.some((field) => fieldError(field)) ? save.error.message : undefined;
  const set = (field: keyof RegistryFormValues) => (event: { target: { value: string } }) => {
    if (save.isError) save.reset();
    setValues((current) => ({ ...current, [field]: event.target.value }));
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate(values);
  }
  const close = () => {
    if (!save.isPending) onClose();
  };

  return (
    <Dialog
      open
      onClose={close}
      title={isNew ? "Add an external registry" : `Edit registry “${registry.name}”`}
      description={
        isNew ? "Slipway stores the password or token encrypted and never shows it again, not even to you." : "Change any field; the password stays as it is unless you enter a new one."
      }
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={save.isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} disabled={save.isPending}>
            {save.isPending ? "Saving…" : isNew ? "Add registry" : "Save changes"}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={onSubmit} noValidate className="space-y-4">
        <Field
          label="Name"
          name="name"
          value={values.name}
          onChange={set("name")}
          placeholder="quay"
          autoComplete="off"
          spellCheck={false}
          data-autofocus
          required
          error={fieldError("name") ?? (nameIssue ? `Name: ${nameIssue}.` : undefined)}
          hint={
            <>
              Releases refer to it as <span className="font-mono">source: {values.name || "<name>"}</span>. Lowercase letters, digits, - and _.
            </>
          }
        />
        <div>
          <Field
            label="Endpoint"
            name="endpoint"
            value={values.endpoint}
            onChange={set("endpoint")}
            placeholder="quay.io/mycompany"
            autoComplete="off"
            spellCheck={false}
            required
            error={fieldError("endpoint")}
            aria-describedby={`${formId}-endpoint-preview`}
          />
          {fieldError("endpoint") ? null : <EndpointPreviewNote id={`${formId}-endpoint-preview`} preview={preview} />}
        </div>
        <Field label="Username" name="username" value={values.username} onChange={set("username")} autoComplete="off" spellCheck={false} required error={fieldError("username")} />
        <Field
          label="Password or token"
          name="password"
          type="password"
          value={values.password}
          onChange={set("password")}
          autoComplete="new-password"
          required={isNew || movesSecret}
          placeholder={isNew ? "" : "Leave blank to keep the stored one"}
          error={fieldError("password")}
          hint={<PasswordHint registry={registry} movesSecret={movesSecret} />}
        />
        {generalError ? (
          <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
            {generalError}
          </p>
        ) : null}
      </form>
    </Dialog>
  );
}

function PasswordHint({ registry, movesSecret }: { registry?: RegistryRow; movesSecret: boolean }) {
  if (!registry) return <>Stored encrypted; it is only ever sent to this registry.</>;
  if (movesSecret) {
    return <span className="text-amber-800">Enter it again: the endpoint now points at another server, and the stored one is only sent to the server it was entered for.</span>;
  }
  return (
    <>
      Set on <FormattedDate iso={registry.secretUpdatedAt} withTime />. Leave blank to keep it.
    </>
  );
}
