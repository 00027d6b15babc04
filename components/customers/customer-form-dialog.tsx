"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { channelsApi } from "@/components/channels/channels-api";
import { channelKeys } from "@/components/channels/query-keys";
import { ApiError } from "@/components/ui/api-client";
import { ErrorState } from "@/components/ui/card";
import { FormDialog } from "@/components/ui/form-dialog";
import { CheckboxField, Field, SelectField } from "@/components/ui/field";
import { expiryToDateInput } from "./customer-bits";
import { customersApi } from "./customers-api";
import { customerKeys } from "./query-keys";
import { LICENSE_TYPES, type LicenseType } from "@/lib/customers/customer-input";
import type { CustomerInput, CustomerJson } from "./types";

const FIELDS = ["name", "email", "channel", "type", "expiresAt", "airgap"] as const;
type FormValues = { name: string; email: string; channel: string; type: LicenseType; expiry: string; airgap: boolean };

const TYPE_LABELS: Record<LicenseType, string> = { dev: "Development", trial: "Trial", paid: "Paid", community: "Community" };

/** Creates a customer (`customer` absent) or edits one; the server's field errors appear next to their fields. */
export function CustomerFormDialog({ slug, customer, onClose, onSaved }: { slug: string; customer?: CustomerJson; onClose: () => void; onSaved: (saved: CustomerJson) => void }) {
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: channelKeys.list(slug), queryFn: () => channelsApi.list(slug) });
  // Archived channels are not offered, except the one an edited customer is still on.
  const choices = channels.data?.filter((channel) => !channel.archived || channel.name === customer?.channel) ?? [];
  const [values, setValues] = useState<Omit<FormValues, "channel"> & { channel: string | null }>({
    name: customer?.name ?? "",
    email: customer?.email ?? "",
    channel: customer?.channel ?? null,
    type: customer?.type ?? "dev",
    expiry: expiryToDateInput(customer?.expiresAt ?? null),
    airgap: customer?.airgap ?? false,
  });
  const channel = values.channel ?? choices[0]?.name ?? "";
  const save = useMutation({
    mutationFn: (input: CustomerInput) => (customer ? customersApi.update(slug, customer.id, input) : customersApi.create(slug, input)),
    onSuccess: async (saved) => {
      await Promise.all([queryClient.invalidateQueries({ queryKey: customerKeys.app(slug) }), queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) })]);
      onSaved(saved);
    },
  });
  const apiError = save.error instanceof ApiError ? save.error : undefined;
  const fieldError = (field: (typeof FIELDS)[number]) => apiError?.fieldError(field);
  const generalError = save.error && !FIELDS.some((field) => fieldError(field)) ? save.error.message : undefined;
  const set = <K extends keyof FormValues>(field: K, value: FormValues[K]) => {
    if (save.isError) save.reset();
    setValues((current) => ({ ...current, [field]: value }));
  };

  return (
    <FormDialog
      title={customer ? `Edit “${customer.name}”` : "New customer"}
      description={
        customer
          ? "A change to the channel, expiry or entitlements takes effect at once; send the customer a fresh license file."
          : "The customer gets a license ID: their registry login and the key to their install YAML."
      }
      submitLabel={customer ? "Save changes" : "Create customer"}
      isPending={save.isPending}
      canSubmit={values.name.trim() !== "" && channel !== ""}
      onSubmit={() => save.mutate({ name: values.name.trim(), email: values.email.trim(), channel, type: values.type, expiresAt: values.expiry || null, airgap: values.airgap })}
      onClose={onClose}
    >
      <Field label="Name" name="name" value={values.name} onChange={(e) => set("name", e.target.value)} placeholder="Acme Corp" autoComplete="off" required data-autofocus error={fieldError("name")} />
      <Field label="E-mail (optional)" name="email" type="email" value={values.email} onChange={(e) => set("email", e.target.value)} placeholder="ops@acme.example" autoComplete="off" error={fieldError("email")} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label="Channel"
          name="channel"
          value={channel}
          onChange={(e) => set("channel", e.target.value)}
          disabled={channels.isPending || choices.length === 0}
          error={fieldError("channel") ?? (channels.isError ? `The channels could not be loaded: ${channels.error.message}` : undefined)}
          hint={channels.isPending ? "Loading channels…" : choices.length === 0 ? "No active channel: add one on the Channels tab." : "Which releases the customer gets."}
        >
          {choices.map((choice) => (
            <option key={choice.id} value={choice.name}>
              {choice.name}
            </option>
          ))}
        </SelectField>
        <SelectField label="License type" name="type" value={values.type} onChange={(e) => set("type", e.target.value as LicenseType)} error={fieldError("type")}>
          {LICENSE_TYPES.map((type) => (
            <option key={type} value={type}>
              {TYPE_LABELS[type]}
            </option>
          ))}
        </SelectField>
      </div>
      <Field
        label="Expires (optional)"
        name="expiresAt"
        type="date"
        value={values.expiry}
        onChange={(e) => set("expiry", e.target.value)}
        error={fieldError("expiresAt")}
        hint="The license works through the end of this day (UTC). Leave empty for a license that does not expire."
      />
      <CheckboxField
        label="Airgap installs"
        name="airgap"
        checked={values.airgap}
        onChange={(e) => set("airgap", e.target.checked)}
        hint="Entitles the customer to download airgap bundles for installing without internet access."
        error={fieldError("airgap")}
      />
      {generalError ? <ErrorState message={generalError} /> : null}
    </FormDialog>
  );
}
