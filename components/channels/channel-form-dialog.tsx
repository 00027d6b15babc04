"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import { ErrorState } from "@/components/ui/card";
import { FormDialog } from "@/components/ui/form-dialog";
import { CheckboxField, Field } from "@/components/ui/field";
import { explainChannelName } from "@/lib/customers/channel-name";
import { channelsApi } from "./channels-api";
import { channelKeys } from "./query-keys";
import type { ChannelJson } from "./types";

interface ChannelSettings {
  name: string;
  airgapBuildOnPromotion: boolean;
}

/**
 * Adds a channel (`channel` absent) or edits one: its name, checked as it is typed with the
 * server's own rule, and whether promoting a release to it builds the release's airgap bundle.
 */
export function ChannelFormDialog({ slug, channel, onClose, onSaved }: { slug: string; channel?: ChannelJson; onClose: () => void; onSaved: (saved: ChannelJson) => void }) {
  const queryClient = useQueryClient();
  const [name, setName] = useState(channel?.name ?? "");
  const [airgapBuildOnPromotion, setAirgapBuildOnPromotion] = useState(channel?.airgapBuildOnPromotion ?? false);
  const save = useMutation({
    mutationFn: (sent: ChannelSettings) => (channel ? channelsApi.update(slug, channel.name, sent) : channelsApi.create(slug, sent)),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) });
      onSaved(saved);
    },
  });
  const problem = name ? explainChannelName(name) : null;
  const apiError = save.error instanceof ApiError ? save.error : undefined;
  const nameError = apiError?.fieldError("name") ?? (problem ? `Name ${problem}.` : undefined);

  return (
    <FormDialog
      title={channel ? `Edit channel “${channel.name}”` : "New channel"}
      description={
        channel
          ? "Customers on this channel stay on it when it is renamed; their next license file names the new channel."
          : "A channel is a release track (say LTS or Early access). Promote releases to it and put customers on it."
      }
      submitLabel={channel ? "Save channel" : "Add channel"}
      isPending={save.isPending}
      canSubmit={name.trim() !== "" && problem === null}
      onSubmit={() => save.mutate({ name: name.trim(), airgapBuildOnPromotion })}
      onClose={onClose}
    >
      <Field
        label="Channel name"
        name="name"
        value={name}
        onChange={(event) => {
          if (save.isError) save.reset();
          setName(event.target.value);
        }}
        placeholder="LTS"
        autoComplete="off"
        spellCheck={false}
        required
        data-autofocus
        error={nameError}
        hint="Letters, digits, spaces, dots, dashes and underscores. Unique in this application, whatever the case."
      />
      <CheckboxField
        label="Build airgap bundles on promotion"
        name="airgapBuildOnPromotion"
        checked={airgapBuildOnPromotion}
        onChange={(event) => setAirgapBuildOnPromotion(event.target.checked)}
        hint="Promoting a release here starts building its airgap bundle when customers entitled to airgap installs follow this channel, so their download is ready."
      />
      {save.error && !apiError?.fieldError("name") ? <ErrorState message={save.error.message} /> : null}
    </FormDialog>
  );
}
