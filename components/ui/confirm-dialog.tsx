"use client";

import { useMutation } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { Button } from "./button";
import { ErrorState } from "./card";
import { Dialog } from "./dialog";

/**
 * "Are you sure?" for one action: Cancel has focus first, the confirm button runs
 * `action`, the dialog stays open (and cannot be closed) while it runs, and a refusal
 * is shown in the dialog with the server's message. `onDone` gets the action's result.
 */
export function ConfirmDialog<T>({
  title,
  description,
  confirmLabel,
  busyLabel,
  action,
  onDone,
  onClose,
}: {
  title: string;
  description: ReactNode;
  confirmLabel: string;
  busyLabel: string;
  action: () => Promise<T>;
  onDone: (result: T) => void;
  onClose: () => void;
}) {
  const run = useMutation({ mutationFn: action, onSuccess: onDone });
  const close = () => {
    if (!run.isPending) onClose();
  };
  return (
    <Dialog
      open
      onClose={close}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={run.isPending} data-autofocus>
            Cancel
          </Button>
          <Button variant="danger" onClick={() => run.mutate()} disabled={run.isPending}>
            {run.isPending ? busyLabel : confirmLabel}
          </Button>
        </>
      }
    >
      {run.isError ? <ErrorState message={run.error.message} /> : null}
    </Dialog>
  );
}
