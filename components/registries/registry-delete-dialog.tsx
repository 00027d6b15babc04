"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { registryKeys } from "./query-keys";
import { registriesApi } from "./registries-api";
import type { RegistryRow } from "./types";

/** Confirms a delete; the server refuses while a saved release uses the registry, and its message is shown here. */
export function RegistryDeleteDialog({ registry, onClose, onDeleted }: { registry: RegistryRow; onClose: () => void; onDeleted: (name: string) => void }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => registriesApi.remove(registry.name),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: registryKeys.all });
      onDeleted(registry.name);
    },
  });
  const close = () => {
    if (!remove.isPending) onClose();
  };
  return (
    <Dialog
      open
      onClose={close}
      title={`Delete registry “${registry.name}”?`}
      description={
        <p>
          Its stored credentials are erased and <span className="font-mono">source: {registry.name}</span> stops working in new releases. A registry that a saved release
          uses cannot be deleted.
        </p>
      }
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={remove.isPending} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => remove.mutate()} disabled={remove.isPending}>
            {remove.isPending ? "Deleting…" : "Delete registry"}
          </Button>
        </>
      }
    >
      {remove.isError ? (
        <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700">
          {remove.error.message}
        </p>
      ) : null}
    </Dialog>
  );
}
