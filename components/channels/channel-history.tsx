"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import { RelativeTime } from "@/components/images/image-bits";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingRows } from "@/components/ui/card";
import { Markdown } from "@/components/ui/markdown";
import { channelsApi } from "./channels-api";
import { PromotionDemoteDialog } from "./promotion-demote-dialog";
import { channelKeys } from "./query-keys";
import type { PromotionJson } from "./types";

/** Every promotion to one channel, newest first: version, release, who and when, notes, and demote. */
export function ChannelHistory({ slug, channelName, canDemote }: { slug: string; channelName: string; canDemote: boolean }) {
  const history = useQuery({ queryKey: channelKeys.history(slug, channelName), queryFn: () => channelsApi.history(slug, channelName) });
  const [toDemote, setToDemote] = useState<PromotionJson | null>(null);

  if (history.isPending) return <LoadingRows rows={2} label={`Loading the history of ${channelName}`} />;
  if (history.isError) return <ErrorState message={`The history could not be loaded: ${history.error.message}`} onRetry={() => history.refetch()} />;
  if (history.data.length === 0) {
    return <p className="text-sm text-slate-500">Nothing promoted yet. Open a release and use “Promote” to put it on this channel.</p>;
  }
  const currentId = history.data.find((promotion) => !promotion.demotedAt)?.id;
  return (
    <>
      <ol aria-label={`Promotions to ${channelName}`} className="divide-y divide-slate-100">
        {history.data.map((promotion) => (
          <li key={promotion.id} className={`py-3 first:pt-0 last:pb-0 ${promotion.demotedAt ? "opacity-70" : ""}`}>
            <div className="flex flex-wrap items-start justify-between gap-2">
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2">
                  <span className={`font-mono text-sm font-semibold text-slate-900 ${promotion.demotedAt ? "line-through decoration-slate-400" : ""}`}>{promotion.version}</span>
                  <Link href={`/apps/${slug}/releases/${promotion.releaseSequence}`} className="text-sm font-medium text-brand-700 hover:underline">
                    Release {promotion.releaseSequence}
                  </Link>
                  {promotion.id === currentId ? <Badge tone="ok">Current</Badge> : null}
                  {promotion.demotedAt ? <Badge tone="warn">Demoted</Badge> : null}
                </p>
                <p className="mt-0.5 text-xs text-slate-500">
                  Promoted by <span title={promotion.promotedBy.email}>{promotion.promotedBy.name}</span> <RelativeTime iso={promotion.promotedAt} />
                  {promotion.demotedAt ? (
                    <>
                      {" "}
                      · demoted{promotion.demotedBy ? <> by <span title={promotion.demotedBy.email}>{promotion.demotedBy.name}</span></> : null} <RelativeTime iso={promotion.demotedAt} />
                    </>
                  ) : null}
                </p>
              </div>
              {canDemote && !promotion.demotedAt ? (
                <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setToDemote(promotion)} aria-label={`Demote ${promotion.version} from ${channelName}`}>
                  Demote
                </Button>
              ) : null}
            </div>
            {promotion.notes.trim() ? <Markdown text={promotion.notes} className="mt-2" /> : <p className="mt-1 text-xs text-slate-400">No release notes.</p>}
          </li>
        ))}
      </ol>
      {toDemote ? <PromotionDemoteDialog slug={slug} promotion={toDemote} onClose={() => setToDemote(null)} /> : null}
    </>
  );
}
