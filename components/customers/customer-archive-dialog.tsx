"use client";

import { useQueryClient } from "@tanstack/react-query";
import { channelKeys } from "@/components/channels/query-keys";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { customersApi } from "./customers-api";
import { customerKeys } from "./query-keys";
import type { CustomerJson } from "./types";

/** Confirms archiving a customer: the license stops working at once; the customer and its pull history stay. */
export function CustomerArchiveDialog({ slug, customer, onClose, onArchived }: { slug: string; customer: CustomerJson; onClose: () => void; onArchived: (customer: CustomerJson) => void }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      title={`Archive “${customer.name}”?`}
      description={
        <p>
          Its license stops working at once: the customer can no longer log in, pull or download the install YAML. The customer, its details and its pull history stay
          here, and restoring it brings the same license back.
        </p>
      }
      confirmLabel="Archive customer"
      busyLabel="Archiving…"
      action={async () => {
        const archived = await customersApi.update(slug, customer.id, { archived: true });
        queryClient.setQueryData(customerKeys.detail(slug, customer.id), archived);
        // The channel's customer count changes too.
        await Promise.all([queryClient.invalidateQueries({ queryKey: customerKeys.app(slug) }), queryClient.invalidateQueries({ queryKey: channelKeys.app(slug) })]);
        return archived;
      }}
      onDone={onArchived}
      onClose={onClose}
    />
  );
}
