"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { FormattedDate } from "@/components/registries/format-date";
import { apiFetch, ApiError } from "@/components/ui/api-client";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ErrorState, LoadingRows, SectionHeader } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { Field, SelectField } from "@/components/ui/field";
import { Cell, Table } from "@/components/ui/table";
import { teamKeys } from "./query-keys";
import type { z } from "zod";
import type { invitationSchema, memberSchema } from "@/lib/api/openapi/teams";

const ROLES = ["owner", "admin", "developer", "viewer"] as const;

type Member = z.infer<typeof memberSchema>;
/** As listed; the one just created also carries its one-time `url`. */
type Invitation = z.infer<typeof invitationSchema> & { url?: string };

export interface MemberPermissions {
  /** Invite, change roles, remove (admins and owners). */
  canManage: boolean;
  /** Grant or take the owner role, create reset links (owners). */
  canManageOwners: boolean;
  selfId: string;
}

function errorText(error: unknown): string | undefined {
  return error instanceof Error ? error.message : undefined;
}

export function MembersManager({ permissions, roleHelp }: { permissions: MemberPermissions; roleHelp: Record<string, string> }) {
  const queryClient = useQueryClient();
  const members = useQuery({ queryKey: teamKeys.members(), queryFn: () => apiFetch<{ members: Member[] }>("/team/members").then((r) => r.members) });
  const refresh = () => queryClient.invalidateQueries({ queryKey: teamKeys.all });
  const changeRole = useMutation({ mutationFn: (v: { userId: string; role: string }) => apiFetch(`/team/members/${v.userId}`, { method: "PATCH", json: { role: v.role } }), onSettled: refresh });
  const remove = useMutation({ mutationFn: (userId: string) => apiFetch(`/team/members/${userId}`, { method: "DELETE" }), onSettled: refresh });
  const [resetLink, setResetLink] = useState<{ email: string; url: string }>();
  const reset = useMutation({
    mutationFn: (member: Member) => apiFetch<{ url: string }>(`/team/members/${member.userId}/password-reset`, { method: "POST" }).then((r) => ({ email: member.email, url: r.url })),
    onSuccess: setResetLink,
  });
  const roleOptions = permissions.canManageOwners ? ROLES : ROLES.filter((role) => role !== "owner");
  const actionError = errorText(changeRole.error) ?? errorText(remove.error) ?? errorText(reset.error);

  return (
    <div className="space-y-8">
      {permissions.canManage ? <InviteForm roleOptions={roleOptions} onInvited={refresh} /> : null}
      <section>
        <SectionHeader title="Members" description={`Roles: ${ROLES.map((role) => `${role}: ${roleHelp[role]}`).join(" · ")}`} />
        {actionError ? (
          <p role="alert" className="mb-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
            {actionError}
          </p>
        ) : null}
        {resetLink ? (
          <div role="status" className="mb-3 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
            One-time password reset link for {resetLink.email} (24 hours): <code className="break-all font-mono">{resetLink.url}</code> <CopyButton value={resetLink.url} label="Copy link" />
          </div>
        ) : null}
        {members.isPending ? (
          <LoadingRows label="Loading members" />
        ) : members.isError ? (
          <ErrorState message={members.error.message} onRetry={() => members.refetch()} />
        ) : (
          <Table label="Members" columns={[{ label: "Member" }, { label: "Role" }, { label: "Joined" }, { label: "Actions", isLabelHidden: true, align: "right" }]}>
            {members.data.map((member) => {
              const mayTouch = permissions.canManage && (member.role !== "owner" || permissions.canManageOwners);
              return (
                <tr key={member.userId} data-testid={`member-${member.email}`}>
                  <Cell>
                    <span className="block font-medium text-slate-900">{member.name}</span>
                    <span className="block text-xs text-slate-500">{member.email}</span>
                  </Cell>
                  <Cell>
                    {mayTouch ? (
                      <select
                        aria-label={`Role of ${member.email}`}
                        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm"
                        value={member.role}
                        disabled={changeRole.isPending}
                        onChange={(event) => changeRole.mutate({ userId: member.userId, role: event.target.value })}
                      >
                        {roleOptions.map((role) => (
                          <option key={role} value={role}>
                            {role}
                          </option>
                        ))}
                      </select>
                    ) : (
                      <Badge tone={member.role === "owner" ? "info" : "neutral"}>{member.role}</Badge>
                    )}
                  </Cell>
                  <Cell>
                    <FormattedDate iso={member.joinedAt} />
                  </Cell>
                  <Cell align="right" className="space-x-2 whitespace-nowrap">
                    {permissions.canManageOwners && member.userId !== permissions.selfId ? (
                      <Button variant="secondary" onClick={() => reset.mutate(member)} disabled={reset.isPending}>
                        Reset link
                      </Button>
                    ) : null}
                    {mayTouch || member.userId === permissions.selfId ? (
                      <Button
                        variant="secondary"
                        disabled={remove.isPending}
                        onClick={() => {
                          const question = member.userId === permissions.selfId ? "Leave this team?" : `Remove ${member.email} from the team? Their tokens for it stop at once.`;
                          if (window.confirm(question)) remove.mutate(member.userId);
                        }}
                      >
                        {member.userId === permissions.selfId ? "Leave" : "Remove"}
                      </Button>
                    ) : null}
                  </Cell>
                </tr>
              );
            })}
          </Table>
        )}
      </section>
      {permissions.canManage ? <PendingInvitations /> : null}
    </div>
  );
}

function InviteForm({ roleOptions, onInvited }: { roleOptions: readonly string[]; onInvited: () => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("developer");
  const [created, setCreated] = useState<Invitation & { mail: string }>();
  const invite = useMutation({
    mutationFn: () => apiFetch<{ invitation: Invitation; mail: string }>("/team/invitations", { method: "POST", json: { email, role } }),
    onSuccess: (result) => {
      setCreated({ ...result.invitation, mail: result.mail });
      setEmail("");
      onInvited();
    },
  });
  function onSubmit(event: FormEvent) {
    event.preventDefault();
    invite.mutate();
  }
  const error = invite.error instanceof ApiError ? (invite.error.fieldError("email") ?? invite.error.message) : invite.error?.message;
  return (
    <section className="space-y-3">
      <form onSubmit={onSubmit} noValidate className="flex flex-wrap items-start gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-sm">
        <Field className="min-w-64 flex-1" label="Invite by e-mail" name="inviteEmail" type="email" value={email} onChange={(e) => setEmail(e.target.value)} placeholder="colleague@example.com" error={error} />
        <SelectField label="Role" name="inviteRole" value={role} onChange={(e) => setRole(e.target.value)}>
          {roleOptions.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </SelectField>
        <Button type="submit" className="mt-6" disabled={invite.isPending || !email.trim()}>
          {invite.isPending ? "Inviting…" : "Invite"}
        </Button>
      </form>
      {created?.url ? (
        <div role="status" className="rounded-lg border border-emerald-200 bg-emerald-50 p-5">
          <p className="text-sm font-medium text-emerald-900">
            {created.email} is invited as {created.role}.{" "}
            {created.mail === "sent" ? "The link was mailed; you can also copy it:" : "Send them this one-time link (it works once, for 7 days, and is not shown again):"}
          </p>
          <div className="mt-3 flex items-center gap-2 rounded-md bg-white px-3 py-2 ring-1 ring-emerald-200">
            <code data-testid="invitation-url" className="flex-1 break-all font-mono text-sm text-slate-900">
              {created.url}
            </code>
            <CopyButton value={created.url} label="Copy link" />
          </div>
        </div>
      ) : null}
    </section>
  );
}

function PendingInvitations() {
  const queryClient = useQueryClient();
  const invitations = useQuery({ queryKey: teamKeys.invitations(), queryFn: () => apiFetch<{ invitations: Invitation[] }>("/team/invitations").then((r) => r.invitations) });
  const revoke = useMutation({ mutationFn: (id: string) => apiFetch(`/team/invitations/${id}`, { method: "DELETE" }), onSettled: () => queryClient.invalidateQueries({ queryKey: teamKeys.invitations() }) });
  if (!invitations.data?.length) return null;
  return (
    <section>
      <SectionHeader title="Pending invitations" />
      <Table label="Pending invitations" columns={[{ label: "E-mail" }, { label: "Role" }, { label: "Expires" }, { label: "Invited by" }, { label: "Actions", isLabelHidden: true, align: "right" }]}>
        {invitations.data.map((invitation) => (
          <tr key={invitation.id}>
            <Cell>{invitation.email}</Cell>
            <Cell>{invitation.role}</Cell>
            <Cell>
              <FormattedDate iso={invitation.expiresAt} withTime />
            </Cell>
            <Cell>{invitation.invitedBy ?? "—"}</Cell>
            <Cell align="right">
              <Button variant="secondary" disabled={revoke.isPending} onClick={() => revoke.mutate(invitation.id)}>
                Revoke
              </Button>
            </Cell>
          </tr>
        ))}
      </Table>
    </section>
  );
}
