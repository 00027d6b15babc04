"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { channelsApi } from "./channels-api";
import { channelKeys } from "./query-keys";
import type { PromotionJson } from "./types";

/** Confirms demoting one promotion: the channel falls back to its previous promotion; the release itself stays. */
export function PromotionDemoteDialog({ slug, promotion, onClose }: { slug: string; promotion: PromotionJson; onClose: () => void }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      title={`Demote ${promotion.version} from “${promotion.channel}”?`}
      description={
        <p>
          Customers on {promotion.channel} stop getting release {promotion.releaseSequence} as {promotion.version}; the channel falls back to its previous promotion, if there is
          one. Release {promotion.releaseSequence} itself is kept, and the history keeps this entry, marked as demoted.
        </p>
      }
      confirmLabel="Demote"
      busyLabel="Demoting…"
      action={async () => {
        await channelsApi.demote(slug, promotion.id);
        await queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) });
      }}
      onDone={onClose}
      onClose={onClose}
    />
  );
}
