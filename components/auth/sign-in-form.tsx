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
    const result = await signIn("credentials", { email: form.get("email"), password: form.get("password"), code: form.get("code") ?? "", redirect: false }).catch(() => undefined);
    if (!result || result.error) {
      setPending(false);
      if (result?.error === SECOND_FACTOR_REQUIRED) setNeedsCode(true);
      setError(describeSignInError(result?.error));
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

const UNAVAILABLE = "We could not sign you in right now. Try again in a moment.";

/**
 * The form's message for next-auth's `error`: the server's own messages pass through
 * (lib/auth/next-auth-options.ts sends nothing internal); no answer at all (the server
 * unreachable) or next-auth's bare codes read as "try again", except its code for
 * refused credentials.
 */
function describeSignInError(error: string | undefined | null): string {
  if (!error) return UNAVAILABLE;
  if (error === "CredentialsSignin") return "Wrong e-mail or password.";
  return /^[A-Z][A-Za-z]+$/.test(error) ? UNAVAILABLE : error;
}
