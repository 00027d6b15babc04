"use client";

import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Asks for a reset link by e-mail (only offered when the server can send mail). */
export function ForgotPasswordForm() {
  const [sent, setSent] = useState(false);
  const [error, setError] = useState<string>();
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const email = String(new FormData(event.currentTarget).get("email") ?? "");
    try {
      await apiFetch("/password-resets", { method: "POST", json: { email } });
      setSent(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldError("email") ?? caught.message) : "Something went wrong; try again.");
    }
  }
  if (sent) return <p className="text-sm text-slate-700">If an account has that e-mail, a one-time reset link is on its way. It works for 24 hours.</p>;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <h1 className="text-xl font-semibold text-slate-900">Reset your password</h1>
      <Field label="E-mail" name="email" type="email" autoComplete="email" required autoFocus error={error} />
      <Button type="submit" className="w-full">
        Send a reset link
      </Button>
    </form>
  );
}
