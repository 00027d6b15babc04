"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { SECOND_FACTOR_REQUIRED } from "@/lib/auth/second-factor-message";

export function SignInForm({ returnTo }: { returnTo: string }) {
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const [needsCode, setNeedsCode] = useState(false);
  const router = useRouter();

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), code: form.get("code") ?? "", redirect: false });
    if (!result || result.error) {
      setPending(false);
      if (result?.error === SECOND_FACTOR_REQUIRED) setNeedsCode(true);
      setError(result?.error && result.error !== "CredentialsSignin" ? result.error : "Wrong e-mail or password.");
      return;
    }
    router.replace(returnTo);
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Sign in</h1>
        <p className="mt-1 text-sm text-slate-600">to your Slipway vendor portal</p>
      </div>
      <Field label="E-mail" name="email" type="email" autoComplete="email" required autoFocus />
      <Field label="Password" name="password" type="password" autoComplete="current-password" required error={needsCode ? undefined : error} />
      {needsCode ? (
        <Field label="Two-factor code" name="code" autoComplete="one-time-code" inputMode="text" required autoFocus error={error} hint="6 digits from your authenticator app, or one of your recovery codes." />
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        <Link href="/forgot-password" className="font-medium text-brand-600 hover:underline">
          Forgot your password?
        </Link>
      </p>
      <p className="text-center text-sm text-slate-600">
        New here?{" "}
        <Link href="/sign-up" className="font-medium text-brand-600 hover:underline">
          Create an account
        </Link>
      </p>
    </form>
  );
}
