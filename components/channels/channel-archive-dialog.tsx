"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { channelsApi } from "./channels-api";
import { channelKeys } from "./query-keys";
import type { ChannelJson } from "./types";

/** Confirms archiving a channel; the server refuses while customers are on it, and its message is shown here. */
export function ChannelArchiveDialog({ slug, channel, onClose, onArchived }: { slug: string; channel: ChannelJson; onClose: () => void; onArchived: (name: string) => void }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      title={`Archive channel “${channel.name}”?`}
      description={
        <p>
          It leaves the pickers for promotions and new customers. Its history stays, and it can be restored. A channel with customers on it cannot be archived: move them to
          another channel first.
        </p>
      }
      confirmLabel="Archive channel"
      busyLabel="Archiving…"
      action={async () => {
        await channelsApi.update(slug, channel.name, { archived: true });
        await queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) });
      }}
      onDone={() => onArchived(channel.name)}
      onClose={onClose}
    />
  );
}
