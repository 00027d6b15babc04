"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

type Errors = Partial<Record<"name" | "email" | "password" | "team" | "form", string>>;

export function SignUpForm({ isOpen }: { isOpen: boolean }) {
  const [errors, setErrors] = useState<Errors>({});
  const [pending, setPending] = useState(false);
  const router = useRouter();

  if (!isOpen) {
    return (
      <div className="space-y-3">
        <h1 className="text-xl font-semibold text-slate-900">Sign-up is closed</h1>
        <p className="text-sm text-slate-600">Ask an administrator of this installation for an account.</p>
        <Link href="/sign-in" className="text-sm font-medium text-brand-600 hover:underline">
          Back to sign in
        </Link>
      </div>
    );
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = Object.fromEntries(new FormData(event.currentTarget)) as Record<string, string>;
    setPending(true);
    setErrors({});
    try {
      await apiFetch("/users", { method: "POST", json: form });
    } catch (error) {
      setPending(false);
      if (error instanceof ApiError && error.details.length) {
        setErrors(Object.fromEntries(error.details.map((d) => [d.path, d.issue.charAt(0).toUpperCase() + d.issue.slice(1) + "."])));
      } else {
        setErrors({ form: error instanceof Error ? error.message : "Sign-up failed." });
      }
      return;
    }
    const result = await signIn("credentials", { email: form.email, password: form.password, redirect: false });
    if (result?.error) {
      setPending(false);
      setErrors({ form: "Your account was created, but signing in failed. Sign in on the next page." });
      return;
    }
    router.replace("/apps");
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Create your account</h1>
        <p className="mt-1 text-sm text-slate-600">You get a team of your own; its applications are private to it.</p>
      </div>
      <Field label="Your name" name="name" autoComplete="name" required error={errors.name} autoFocus />
      <Field label="E-mail" name="email" type="email" autoComplete="email" required error={errors.email} />
      <Field label="Password" name="password" type="password" autoComplete="new-password" required error={errors.password} hint="At least 10 characters." />
      <Field label="Team name" name="team" autoComplete="organization" required error={errors.team} hint="Usually your company." />
      {errors.form ? (
        <p role="alert" className="text-sm text-red-600">
          {errors.form}
        </p>
      ) : null}
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating account…" : "Create account"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href="/sign-in" className="font-medium text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  );
}
