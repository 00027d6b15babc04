"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { signIn } from "next-auth/react";
import { useState, type FormEvent } from "react";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";

export interface InvitationProps {
  token: string;
  teamName: string;
  email: string;
  role: string;
  problem: string | null;
  /** The signed-in person's e-mail, if any. */
  signedInAs: string | null;
}

/** Joins the team, makes it the session's current team, and opens it. */
async function join(token: string): Promise<void> {
  const { team } = await apiFetch<{ team: { id: string } }>(`/invitations/${encodeURIComponent(token)}/accept`, { method: "POST" });
  await apiFetch("/session/team", { method: "PUT", json: { team: team.id } });
}

export function InvitationAccept(props: InvitationProps) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);
  const heading = (
    <div>
      <h1 className="text-xl font-semibold text-slate-900">Join {props.teamName}</h1>
      <p className="mt-1 text-sm text-slate-600">
        {props.email} is invited as <strong>{props.role}</strong>.
      </p>
    </div>
  );
  if (props.problem) {
    return (
      <div className="space-y-4">
        {heading}
        <p role="alert" className="rounded-md bg-amber-50 px-3 py-2 text-sm text-amber-900">
          {props.problem}
        </p>
      </div>
    );
  }

  async function run(work: () => Promise<void>) {
    setPending(true);
    setError(undefined);
    try {
      await work();
      router.replace("/apps");
      router.refresh();
    } catch (caught) {
      setPending(false);
      setError(caught instanceof ApiError ? caught.message : "Something went wrong; try again.");
    }
  }

  if (props.signedInAs) {
    const isInvitee = props.signedInAs.toLowerCase() === props.email.toLowerCase();
    return (
      <div className="space-y-4">
        {heading}
        {isInvitee ? (
          <Button className="w-full" disabled={pending} onClick={() => run(() => join(props.token))}>
            {pending ? "Joining…" : `Join ${props.teamName}`}
          </Button>
        ) : (
          <p className="text-sm text-slate-700">
            You are signed in as {props.signedInAs}. Sign out, then open this link again and sign in as {props.email}.
          </p>
        )}
        {error ? <p role="alert" className="text-sm text-red-700">{error}</p> : null}
      </div>
    );
  }

  async function onSignUp(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const name = String(form.get("name") ?? "");
    const password = String(form.get("password") ?? "");
    await run(async () => {
      await apiFetch("/users", { method: "POST", json: { email: props.email, name, password, invitation: props.token } });
      const result = await signIn("credentials", { email: props.email, password, redirect: false });
      if (!result || result.error) throw new ApiError(401, "unauthorized", "Your account was created; sign in to continue.");
      const teams = await apiFetch<{ teams: { id: string; name: string }[] }>("/teams");
      const joined = teams.teams.find((team) => team.name === props.teamName);
      if (joined) await apiFetch("/session/team", { method: "PUT", json: { team: joined.id } });
    });
  }

  return (
    <form onSubmit={onSignUp} noValidate className="space-y-5">
      {heading}
      <Field label="E-mail" name="email" type="email" value={props.email} readOnly />
      <Field label="Your name" name="name" autoComplete="name" required autoFocus />
      <Field label="Choose a password" name="password" type="password" autoComplete="new-password" required hint="At least 10 characters." error={error} />
      <Button type="submit" className="w-full" disabled={pending}>
        {pending ? "Creating your account…" : "Create account and join"}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{" "}
        <Link href={`/sign-in?callbackUrl=${encodeURIComponent(`/invitations/${props.token}`)}`} className="font-medium text-brand-600 hover:underline">
          Sign in to accept
        </Link>
      </p>
    </form>
  );
}
