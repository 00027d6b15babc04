"use client";

import { useId, type FormEvent, type ReactNode } from "react";
import { Button } from "./button";
import { Dialog } from "./dialog";

/**
 * A dialog holding one form: its fields as children, Cancel and the submit button in the
 * footer (Enter in a field submits too). While `isPending` nothing closes it and the
 * buttons wait; `canSubmit` false disables the submit button.
 */
export function FormDialog({
  title,
  description,
  submitLabel,
  busyLabel = "Saving…",
  isPending,
  canSubmit = true,
  onSubmit,
  onClose,
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  submitLabel: string;
  /** The submit button's text while `isPending`. */
  busyLabel?: string;
  isPending: boolean;
  canSubmit?: boolean;
  onSubmit: () => void;
  onClose: () => void;
  children: ReactNode;
}) {
  const formId = useId();
  const close = () => {
    if (!isPending) onClose();
  };
  function submit(event: FormEvent) {
    event.preventDefault();
    if (canSubmit && !isPending) onSubmit();
  }
  return (
    <Dialog
      open
      onClose={close}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={close} disabled={isPending}>
            Cancel
          </Button>
          <Button type="submit" form={formId} disabled={isPending || !canSubmit}>
            {isPending ? busyLabel : submitLabel}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} noValidate className="space-y-4">
        {children}
      </form>
    </Dialog>
  );
}
