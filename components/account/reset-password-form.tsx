"use client";

import Link from "next/link";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

/** Sets a new password with a one-time reset link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const [error, setError] = useState<string>();
  const [done, setDone] = useState(false);
  const [pending, setPending] = useState(false);
  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const password = String(new FormData(event.currentTarget).get("password") ?? "");
    setPending(true);
    try {
      await apiFetch(`/password-resets/${encodeURIComponent(token)}`, { method: "POST", json: { password } });
      setDone(true);
    } catch (caught) {
      setError(caught instanceof ApiError ? (caught.fieldError("password") ?? caught.message) : "Something went wrong; try again.");
    } finally {
      setPending(false);
    }
  }
  if (done) {
    return (
      <div className="space-y-4">
        <h1 className="text-xl font-semibold text-slate-900">Password changed</h1>
        <p className="text-sm text-slate-600">Every session was signed out. Sign in with your new password.</p>
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </div>
    );
  }
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <h1 className="text-xl font-semibold text-slate-900">Choose a new password</h1>
      <Field label="New password" name="password" type="password" autoComplete="new-password" required autoFocus hint="At least 10 characters." error={error} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Saving…" : "Set password"}
      </Button>
    </form>
  );
}
