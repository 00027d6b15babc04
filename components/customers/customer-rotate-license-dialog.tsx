"use client";

import { useQueryClient } from "@tanstack/react-query";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { customersApi } from "./customers-api";
import { customerKeys } from "./query-keys";
import type { CustomerJson } from "./types";

/** Confirms replacing the license ID: the old one stops working at once, so the customer needs the new file. */
export function CustomerRotateLicenseDialog({ slug, customer, onClose, onRotated }: { slug: string; customer: CustomerJson; onClose: () => void; onRotated: (customer: CustomerJson) => void }) {
  const queryClient = useQueryClient();
  return (
    <ConfirmDialog
      title={`Rotate the license of “${customer.name}”?`}
      description={
        <p>
          A new license ID replaces the current one. The current ID stops working at once: registry logins, pulls and install YAML downloads with it are refused as
          “license revoked”. Send the customer the new license file and login.
        </p>
      }
      confirmLabel="Rotate license"
      busyLabel="Rotating…"
      action={async () => {
        const rotated = await customersApi.rotateLicense(slug, customer.id);
        queryClient.setQueryData(customerKeys.detail(slug, customer.id), rotated);
        await queryClient.invalidateQueries({ queryKey: customerKeys.app(slug) });
        return rotated;
      }}
      onDone={onRotated}
      onClose={onClose}
    />
  );
}
