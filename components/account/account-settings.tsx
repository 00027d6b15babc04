"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { signOut } from "next-auth/react";
import { useState, type FormEvent, type ReactNode } from "react";
import { teamKeys } from "@/components/teams/query-keys";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingRows, SectionHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import type { z } from "zod";
import type { accountSchema } from "@/lib/api/openapi/accounts";

type Account = z.infer<typeof accountSchema>;

function fieldValue(event: FormEvent<HTMLFormElement>, name: string): string {
  return String(new FormData(event.currentTarget).get(name) ?? "");
}

function errorFor(error: unknown, field?: string): string | undefined {
  if (error instanceof ApiError) return (field && error.fieldError(field)) || error.message;
  return error instanceof Error ? error.message : undefined;
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <section className="rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
      <SectionHeader title={title} description={description} />
      {children}
    </section>
  );
}

/** Profile, password, two-factor, sessions and account deletion. */
export function AccountSettings() {
  const account = useQuery({ queryKey: teamKeys.account(), queryFn: () => apiFetch<{ account: Account }>("/account").then((r) => r.account) });
  if (account.isPending) return <LoadingRows label="Loading your account" />;
  if (account.isError) return <ErrorState message={account.error.message} onRetry={() => account.refetch()} />;
  return (
    <div className="space-y-6">
      <ProfileSection account={account.data} />
      <PasswordSection />
      <TwoFactorSection account={account.data} />
      <Section title="Sessions" description="Sign out of every browser where you are signed in, this one included. Access tokens keep working.">
        <Button
          variant="secondary"
          onClick={async () => {
            await apiFetch("/account/sign-out-everywhere", { method: "POST" });
            await signOut({ callbackUrl: "/sign-in" });
          }}
        >
          Sign out everywhere
        </Button>
      </Section>
      <DeleteSection />
    </div>
  );
}

function ProfileSection({ account }: { account: Account }) {
  const queryClient = useQueryClient();
  const [saved, setSaved] = useState(false);
  const save = useMutation({
    mutationFn: (input: { name: string; email: string; currentPassword: string }) => apiFetch("/account", { method: "PATCH", json: input }),
    onSuccess: () => {
      setSaved(true);
      return queryClient.invalidateQueries({ queryKey: teamKeys.account() });
    },
  });
  return (
    <Section title="Profile">
      <form
        noValidate
        className="flex flex-wrap items-start gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          setSaved(false);
          save.mutate({ name: fieldValue(event, "name"), email: fieldValue(event, "email"), currentPassword: fieldValue(event, "profilePassword") });
        }}
      >
        <Field label="Name" name="name" defaultValue={account.name} error={save.error instanceof ApiError ? save.error.fieldError("name") : undefined} />
        <Field label="E-mail" name="email" type="email" defaultValue={account.email} error={save.error instanceof ApiError ? save.error.fieldError("email") : undefined} />
        <Field label="Current password" name="profilePassword" type="password" autoComplete="current-password" error={errorFor(save.error, "currentPassword")} />
        <Button type="submit" className="mt-6" disabled={save.isPending}>
          Save
        </Button>
      </form>
      {saved ? <p role="status" className="mt-2 text-sm text-emerald-700">Saved.</p> : null}
    </Section>
  );
}

function PasswordSection() {
  const change = useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) => apiFetch("/account/password", { method: "POST", json: input }),
    onSuccess: () => signOut({ callbackUrl: "/sign-in" }),
  });
  return (
    <Section title="Password" description="Changing it signs you out everywhere; sign in again with the new one.">
      <form
        noValidate
        className="flex flex-wrap items-start gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          change.mutate({ currentPassword: fieldValue(event, "currentPassword"), newPassword: fieldValue(event, "newPassword") });
        }}
      >
        <Field label="Current password" name="currentPassword" type="password" autoComplete="current-password" error={change.error instanceof ApiError ? change.error.fieldError("currentPassword") : undefined} />
        <Field label="New password" name="newPassword" type="password" autoComplete="new-password" hint="At least 10 characters." error={change.error instanceof ApiError ? change.error.fieldError("newPassword") : undefined} />
        <Button type="submit" className="mt-6" disabled={change.isPending}>
          Change password
        </Button>
      </form>
    </Section>
  );
}

function TwoFactorSection({ account }: { account: Account }) {
  const queryClient = useQueryClient();
  const [enrolment, setEnrolment] = useState<{ secret: string; uri: string }>();
  const [codes, setCodes] = useState<string[]>();
  const start = useMutation({ mutationFn: () => apiFetch<{ secret: string; uri: string }>("/account/two-factor", { method: "POST" }), onSuccess: setEnrolment });
  const confirm = useMutation({
    mutationFn: (code: string) => apiFetch<{ recoveryCodes: string[] }>("/account/two-factor", { method: "PUT", json: { code } }),
    onSuccess: (result) => {
      setCodes(result.recoveryCodes);
      setEnrolment(undefined);
      return queryClient.invalidateQueries({ queryKey: teamKeys.account() });
    },
  });
  const disable = useMutation({
    mutationFn: (password: string) => apiFetch("/account/two-factor", { method: "DELETE", json: { password } }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: teamKeys.account() }),
  });
  return (
    <Section title="Two-factor authentication" description="A code from an authenticator app (TOTP) at every sign-in. Registry and API tokens are not affected.">
      {codes ? (
        <div role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-4 text-sm text-emerald-900">
          <p className="font-medium">Two-factor is on. Keep these recovery codes somewhere safe: each works once, and they are not shown again.</p>
          <pre data-testid="recovery-codes" className="mt-2 font-mono">{codes.join("\n")}</pre>
          <CopyButton value={codes.join("\n")} label="Copy codes" />
        </div>
      ) : null}
      {account.twoFactor ? (
        <form
          noValidate
          className="flex flex-wrap items-start gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            disable.mutate(fieldValue(event, "disablePassword"));
          }}
        >
          <p className="w-full text-sm text-slate-700">On. {account.recoveryCodesLeft} recovery codes left.</p>
          <Field label="Password" name="disablePassword" type="password" autoComplete="current-password" error={errorFor(disable.error, "password")} />
          <Button type="submit" variant="secondary" className="mt-6" disabled={disable.isPending}>
            Turn off
          </Button>
        </form>
      ) : enrolment ? (
        <form
          noValidate
          className="space-y-3"
          onSubmit={(event) => {
            event.preventDefault();
            confirm.mutate(fieldValue(event, "totpCode"));
          }}
        >
          <p className="text-sm text-slate-700">Add this key to your authenticator app (or open the otpauth link on your phone), then enter the 6-digit code it shows.</p>
          <p className="flex items-center gap-2">
            <code data-testid="totp-secret" className="font-mono text-sm">{enrolment.secret}</code> <CopyButton value={enrolment.secret} label="Copy key" />
          </p>
          <p className="break-all text-xs text-slate-500">
            <a href={enrolment.uri} className="hover:underline">{enrolment.uri}</a>
          </p>
          <div className="flex items-start gap-4">
            <Field label="Code" name="totpCode" inputMode="numeric" autoComplete="one-time-code" error={errorFor(confirm.error, "code")} />
            <Button type="submit" className="mt-6" disabled={confirm.isPending}>
              Turn on
            </Button>
          </div>
        </form>
      ) : (
        <Button onClick={() => start.mutate()} disabled={start.isPending}>
          Set up two-factor
        </Button>
      )}
    </Section>
  );
}

function DeleteSection() {
  const remove = useMutation({
    mutationFn: (password: string) => apiFetch("/account", { method: "DELETE", json: { password } }),
    onSuccess: () => signOut({ callbackUrl: "/sign-in" }),
  });
  return (
    <Section title="Delete account" description="Removes you from every team and revokes your tokens. Refused while you are the last owner of a team.">
      <form
        noValidate
        className="flex flex-wrap items-start gap-4"
        onSubmit={(event) => {
          event.preventDefault();
          if (window.confirm("Delete your account? This cannot be undone.")) remove.mutate(fieldValue(event, "deletePassword"));
        }}
      >
        <Field label="Password" name="deletePassword" type="password" autoComplete="current-password" error={errorFor(remove.error, "password")} />
        <Button type="submit" variant="secondary" className="mt-6" disabled={remove.isPending}>
          Delete my account
        </Button>
      </form>
    </Section>
  );
}
