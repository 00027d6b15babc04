"use client";

import Link from "next/link";
import { useId, useState } from "react";
import { RelativeTime } from "@/components/images/image-bits";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { channelAnchor } from "./channels-api";
import { ChannelHistory } from "./channel-history";
import type { ChannelJson } from "./types";
import { usePermission } from "@/components/auth/permissions";

export interface ChannelActions {
  onEdit: () => void;
  onArchive: () => void;
  onRestore: () => void;
  isRestoring: boolean;
}

/** One channel: what its customers get now, how many there are, its history on demand, and its actions. */
export function ChannelCard({ slug, channel, isTarget, actions }: { slug: string; channel: ChannelJson; isTarget: boolean; actions: ChannelActions }) {
  // Open while the URL points at this channel, until the user toggles it.
  const [isOpenChosen, setIsOpen] = useState<boolean | null>(null);
  const isOpen = isOpenChosen ?? isTarget;
  const historyId = useId();
  const canWrite = usePermission("releases:write").isAllowed;
  const current = channel.currentRelease;
  return (
    <li id={channelAnchor(channel.name)} className={`scroll-mt-6 rounded-lg border shadow-sm target:ring-2 target:ring-brand-500/40 ${channel.archived ? "border-dashed border-slate-300 bg-slate-50" : "border-slate-200 bg-white"}`}>
      <div className="flex flex-wrap items-start justify-between gap-4 p-5">
        <div className="min-w-0 space-y-1">
          <h3 className={`flex flex-wrap items-center gap-2 text-base font-semibold ${channel.archived ? "text-slate-500" : "text-slate-900"}`}>
            {channel.name}
            {channel.archived ? <Badge>Archived</Badge> : null}
            {channel.airgapBuildOnPromotion ? <Badge title="Promoting a release here builds its airgap bundle when airgap customers follow the channel">Airgap bundles on promotion</Badge> : null}
          </h3>
          <p className="text-sm text-slate-600">
            {current ? (
              <>
                <span className="text-slate-500">Current:</span> <span className="font-mono font-semibold text-slate-900">{current.version}</span> ·{" "}
                <Link href={`/apps/${slug}/releases/${current.sequence}`} className="font-medium text-brand-700 hover:underline">
                  Release {current.sequence}
                </Link>{" "}
                · promoted <RelativeTime iso={current.promotedAt} />
              </>
            ) : (
              <span className="text-slate-500">No release promoted yet</span>
            )}
          </p>
          <p className="text-sm text-slate-600">
            {channel.customerCount} {channel.customerCount === 1 ? "customer" : "customers"}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button variant="secondary" aria-expanded={isOpen} aria-controls={historyId} onClick={() => setIsOpen(!isOpen)}>
            {isOpen ? "Hide history" : "History"}
            <span className="sr-only"> of {channel.name}</span>
          </Button>
          {!canWrite ? null : channel.archived ? (
            <Button variant="secondary" onClick={actions.onRestore} disabled={actions.isRestoring} aria-label={`Restore ${channel.name}`}>
              {actions.isRestoring ? "Restoring…" : "Restore"}
            </Button>
          ) : (
            <>
              <Button variant="secondary" onClick={actions.onEdit} aria-label={`Edit ${channel.name}`}>
                Edit
              </Button>
              <Button variant="ghost" onClick={actions.onArchive} aria-label={`Archive ${channel.name}`}>
                Archive
              </Button>
            </>
          )}
        </div>
      </div>
      <div id={historyId} hidden={!isOpen} className="border-t border-slate-100 px-5 py-4">
        {isOpen ? <ChannelHistory slug={slug} channelName={channel.name} canDemote={canWrite && !channel.archived} /> : null}
      </div>
    </li>
  );
}
