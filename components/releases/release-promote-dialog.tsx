"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { channelsApi } from "@/components/channels/channels-api";
import { channelKeys } from "@/components/channels/query-keys";
import type { PromotionJson } from "@/components/channels/types";
import { ApiError } from "@/components/ui/api-client";
import { ErrorState } from "@/components/ui/card";
import { FormDialog } from "@/components/ui/form-dialog";
import { Field, SelectField, TextareaField } from "@/components/ui/field";

const FIELDS = ["channel", "version", "notes"] as const;

/**
 * Promotes one release to a channel under a version label, with Markdown notes (the
 * release's own notes to start from). The server refuses a release with error
 * diagnostics or a label the channel already has; its message is shown here.
 */
export function ReleasePromoteDialog({
  slug,
  sequence,
  initialNotes,
  errorCount,
  onClose,
  onPromoted,
}: {
  slug: string;
  sequence: number;
  initialNotes: string;
  errorCount: number;
  onClose: () => void;
  onPromoted: (promotion: PromotionJson) => void;
}) {
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: channelKeys.list(slug), queryFn: () => channelsApi.list(slug) });
  const choices = channels.data?.filter((channel) => !channel.archived) ?? [];
  const [chosen, setChosen] = useState<string | null>(null);
  const channel = chosen ?? choices[0]?.name ?? "";
  const [version, setVersion] = useState("");
  const [notes, setNotes] = useState(initialNotes);
  const promote = useMutation({
    mutationFn: () => channelsApi.promote(slug, sequence, { channel, version: version.trim(), notes }),
    onSuccess: async (promotion) => {
      await queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) });
      onPromoted(promotion);
    },
  });
  const apiError = promote.error instanceof ApiError ? promote.error : undefined;
  const fieldError = (field: (typeof FIELDS)[number]) => apiError?.fieldError(field);
  const generalError = promote.error && !FIELDS.some((field) => fieldError(field)) ? promote.error.message : undefined;
  const edit = (set: (value: string) => void) => (event: { target: { value: string } }) => {
    if (promote.isError) promote.reset();
    set(event.target.value);
  };

  return (
    <FormDialog
      title={`Promote release ${sequence}`}
      description="Customers on the channel get this release as its current one: their install YAML and pulls follow it."
      submitLabel="Promote"
      busyLabel="Promoting…"
      isPending={promote.isPending}
      canSubmit={channel !== "" && version.trim() !== ""}
      onSubmit={() => promote.mutate()}
      onClose={onClose}
    >
      {errorCount > 0 ? (
        <p className="rounded-md border border-amber-200 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          This release has {errorCount} error{errorCount === 1 ? "" : "s"} in its diagnostics (checked today); a release with errors cannot be promoted.
        </p>
      ) : null}
      {channels.isError ? <ErrorState message={`The channels could not be loaded: ${channels.error.message}`} onRetry={() => channels.refetch()} /> : null}
      <SelectField
        label="Channel"
        name="channel"
        value={channel}
        onChange={edit(setChosen)}
        disabled={channels.isPending || choices.length === 0}
        error={fieldError("channel")}
        hint={channels.isPending ? "Loading channels…" : choices.length === 0 && channels.isSuccess ? "No active channel: add one on the Channels tab." : undefined}
        data-autofocus
      >
        {choices.map((choice) => (
          <option key={choice.id} value={choice.name}>
            {choice.name}
            {choice.currentRelease ? ` (now ${choice.currentRelease.version}, release ${choice.currentRelease.sequence})` : " (nothing promoted yet)"}
          </option>
        ))}
      </SelectField>
      <Field
        label="Version label"
        name="version"
        value={version}
        onChange={edit(setVersion)}
        placeholder="1.4.2"
        autoComplete="off"
        spellCheck={false}
        required
        error={fieldError("version")}
        hint="What customers see, e.g. 1.4.2. Unique within the channel."
      />
      <TextareaField
        label="Release notes"
        name="notes"
        value={notes}
        onChange={edit(setNotes)}
        rows={5}
        placeholder="What changed for customers (optional)"
        error={fieldError("notes")}
        hint="Markdown: **bold**, _italic_, `code`, lists and links. HTML is shown as text."
      />
      {generalError ? <ErrorState message={generalError} /> : null}
    </FormDialog>
  );
}
