"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState, useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { EmptyState, ErrorState, LoadingRows, Notice, SectionHeader } from "@/components/ui/card";
import { ChannelArchiveDialog } from "./channel-archive-dialog";
import { ChannelCard } from "./channel-card";
import { ChannelFormDialog } from "./channel-form-dialog";
import { channelAnchor, channelsApi } from "./channels-api";
import { channelKeys } from "./query-keys";
import type { ChannelJson } from "./types";
import { PermissionNote, usePermission } from "@/components/auth/permissions";

function subscribeToHash(listener: () => void): () => void {
  window.addEventListener("hashchange", listener);
  return () => window.removeEventListener("hashchange", listener);
}

type Dialog = { kind: "create" } | { kind: "edit"; channel: ChannelJson } | { kind: "archive"; channel: ChannelJson } | null;

/** The Channels tab: active channels first, archived ones below and dimmed, with add, rename, archive and restore. */
export function ChannelsManager({ slug }: { slug: string }) {
  const queryClient = useQueryClient();
  const channels = useQuery({ queryKey: channelKeys.list(slug), queryFn: () => channelsApi.list(slug) });
  const [dialog, setDialog] = useState<Dialog>(null);
  const canWrite = usePermission("releases:write").isAllowed;
  const [notice, setNotice] = useState<string>();
  const restore = useMutation({
    mutationFn: (name: string) => channelsApi.update(slug, name, { archived: false }),
    onSuccess: async (channel) => {
      await queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) });
      setNotice(`Restored “${channel.name}”.`);
    },
  });

  // A link from elsewhere (a promotion's confirmation) names a channel in the hash: open it and bring it into view.
  const target = useSyncExternalStore(subscribeToHash, () => window.location.hash.slice(1), () => "");
  const hasData = channels.data !== undefined;
  useEffect(() => {
    if (hasData && target) document.getElementById(target)?.scrollIntoView({ block: "start" });
  }, [hasData, target]);

  const active = channels.data?.filter((channel) => !channel.archived) ?? [];
  const archived = channels.data?.filter((channel) => channel.archived) ?? [];
  const renderCard = (channel: ChannelJson) => (
    <ChannelCard
      key={channel.id}
      slug={slug}
      channel={channel}
      isTarget={target === channelAnchor(channel.name)}
      actions={{
        onEdit: () => setDialog({ kind: "edit", channel }),
        onArchive: () => setDialog({ kind: "archive", channel }),
        onRestore: () => restore.mutate(channel.name),
        isRestoring: restore.isPending && restore.variables === channel.name,
      }}
    />
  );

  return (
    <div className="space-y-4">
      <SectionHeader
        title="Channels"
        description="Release tracks for your customers. Each customer follows one channel and installs its current release."
        actions={canWrite ? <Button onClick={() => setDialog({ kind: "create" })}>New channel</Button> : null}
      />
      <PermissionNote permission="releases:write" />
      <Notice>{notice}</Notice>
      {restore.isError ? <ErrorState message={restore.error.message} /> : null}
      {channels.isPending ? (
        <LoadingRows label="Loading channels" />
      ) : channels.isError ? (
        <ErrorState message={`The channels could not be loaded: ${channels.error.message}`} onRetry={() => channels.refetch()} />
      ) : (
        <>
          {active.length === 0 ? (
            <EmptyState title="No active channels" action={canWrite ? <Button onClick={() => setDialog({ kind: "create" })}>New channel</Button> : null}>
              Customers need a channel to follow. Add one, or restore an archived channel below.
            </EmptyState>
          ) : (
            <ul aria-label="Channels" className="space-y-3">
              {active.map(renderCard)}
            </ul>
          )}
          {archived.length > 0 ? (
            <section aria-labelledby="archived-channels" className="space-y-3 pt-4">
              <h3 id="archived-channels" className="text-sm font-semibold text-slate-600">
                Archived channels
              </h3>
              <ul aria-label="Archived channels" className="space-y-3">
                {archived.map(renderCard)}
              </ul>
            </section>
          ) : null}
        </>
      )}

      {dialog?.kind === "create" || dialog?.kind === "edit" ? (
        <ChannelFormDialog
          slug={slug}
          channel={dialog.kind === "edit" ? dialog.channel : undefined}
          onClose={() => setDialog(null)}
          onSaved={(saved) => {
            setNotice(dialog.kind === "create" ? `Added the channel “${saved.name}”.` : describeEdit(dialog.channel, saved));
            setDialog(null);
          }}
        />
      ) : null}
      {dialog?.kind === "archive" ? (
        <ChannelArchiveDialog
          slug={slug}
          channel={dialog.channel}
          onClose={() => setDialog(null)}
          onArchived={(name) => {
            setDialog(null);
            setNotice(`Archived “${name}”.`);
          }}
        />
      ) : null}
    </div>
  );
}

/** The notice after editing a channel: what changed, in words. */
function describeEdit(before: ChannelJson, after: ChannelJson): string {
  const changes: string[] = [];
  if (before.name !== after.name) changes.push(`Renamed “${before.name}” to “${after.name}”.`);
  if (before.airgapBuildOnPromotion !== after.airgapBuildOnPromotion) {
    changes.push(after.airgapBuildOnPromotion ? `Releases promoted to “${after.name}” now get their airgap bundle built.` : `Promotions to “${after.name}” no longer build airgap bundles.`);
  }
  return changes.length ? changes.join(" ") : `Saved “${after.name}”; nothing changed.`;
}
