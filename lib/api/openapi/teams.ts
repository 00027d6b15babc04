/** Contracts of teams: the caller's teams, the current team, members, invitations, service accounts, the audit log and the session's team. */
import { z } from "zod";
import { auditQuerySchema, type AuditEventView } from "@/lib/audit/list-audit-events";
import type { createPasswordResetForMember } from "@/lib/auth/password-resets";
import { roleSchema, ROLES, SCOPE_ACTIONS } from "@/lib/auth/roles";
import { createInvitationSchema, type createInvitation, type InvitationView } from "@/lib/teams/invitations";
import type { MemberView } from "@/lib/teams/members";
import type { TeamOfUser } from "@/lib/teams/memberships";
import { createServiceAccountSchema, type ServiceAccountView } from "@/lib/teams/service-accounts";
import { createTeamSchema, deleteTeamSchema } from "@/lib/teams/teams";
import { defineRoute, describing } from "./contract";

const role = z.enum(ROLES);
const mailOutcome = z.enum(["sent", "not_configured", "failed"]);

export const scopesSchema = z
  .array(z.object({ app: z.string().meta({ description: "Application slug" }), actions: z.array(z.enum(SCOPE_ACTIONS)) }))
  .meta({ id: "AppScopes", description: "Per application, the registry and release actions allowed" });

export const teamOfUserSchema = describing<TeamOfUser>()(z.object({ id: z.uuid(), name: z.string(), role }).meta({ id: "TeamOfUser" }));

export const memberSchema = describing<MemberView>()(z.object({ userId: z.uuid(), email: z.string(), name: z.string(), role, joinedAt: z.iso.datetime() }).meta({ id: "Member" }));

export const invitationSchema = describing<InvitationView>()(
  z
    .object({
      id: z.uuid(),
      email: z.string(),
      role,
      createdAt: z.iso.datetime(),
      expiresAt: z.iso.datetime(),
      invitedBy: z.string().nullable(),
    })
    .meta({ id: "Invitation" }),
);

const createdInvitationSchema = describing<Awaited<ReturnType<typeof createInvitation>>>()(
  z.object({
    invitation: invitationSchema.extend({ url: z.string().meta({ description: "`<portal URL>/invitations/<token>`: returned once, at creation." }) }),
    mail: mailOutcome,
  }),
);

export const serviceAccountSchema = describing<ServiceAccountView>()(
  z
    .object({
      id: z.uuid(),
      name: z.string(),
      username: z.string().meta({ description: "The docker login username." }),
      description: z.string(),
      scopes: scopesSchema,
      expiresAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
      createdBy: z.string(),
      lastUsedAt: z.iso.datetime().nullable(),
    })
    .meta({ id: "ServiceAccount" }),
);

export const auditEventSchema = describing<AuditEventView>()(
  z
    .object({
      id: z.string(),
      at: z.iso.datetime(),
      actor: z.object({ kind: z.string().meta({ description: "person, service-account, license or anonymous" }), id: z.string().nullable(), name: z.string() }),
      action: z.string(),
      app: z.string().optional(),
      target: z.string(),
      clientAddress: z.string().nullable(),
      requestId: z.string().nullable(),
      details: z.unknown().optional(),
    })
    .meta({ id: "AuditEvent" }),
);

const passwordResetLinkSchema = describing<Awaited<ReturnType<typeof createPasswordResetForMember>>>()(z.object({ url: z.string(), expiresAt: z.iso.datetime(), mail: mailOutcome }));

const teamAnswer = z.object({ team: teamOfUserSchema });

export const TEAM_ROUTES = {
  listTeams: defineRoute({ method: "get", path: "/teams", summary: "The caller's teams with their role in each", response: { schema: z.object({ teams: z.array(teamOfUserSchema) }) } }),
  createTeam: defineRoute({ method: "post", path: "/teams", summary: "Create another team with the caller as owner", body: createTeamSchema, response: { status: 201, schema: teamAnswer } }),
  get: defineRoute({ method: "get", path: "/team", summary: "The team this request acts in, and the caller's role", response: { schema: teamAnswer } }),
  delete: defineRoute({
    method: "delete",
    path: "/team",
    summary: "Delete the team and everything in it (owners; confirm with its name)",
    body: deleteTeamSchema,
    response: { status: 204, description: "Deleted" },
  }),
  members: defineRoute({ method: "get", path: "/team/members", summary: "The team's members and roles", response: { schema: z.object({ members: z.array(memberSchema) }) } }),
  changeRole: defineRoute({
    method: "patch",
    path: "/team/members/{userId}",
    summary: "Change a member's role (only owners touch owners; the last owner stays)",
    body: z.object({ role: roleSchema }),
    response: { schema: z.object({ member: memberSchema }) },
    errors: ["not_found", "conflict"],
  }),
  removeMember: defineRoute({
    method: "delete",
    path: "/team/members/{userId}",
    summary: "Remove a member (or leave); their tokens for the team stop",
    response: { status: 204, description: "Removed" },
    errors: ["not_found", "conflict"],
  }),
  memberPasswordReset: defineRoute({
    method: "post",
    path: "/team/members/{userId}/password-reset",
    summary: "A one-time password reset link for a member (owners)",
    response: { status: 201, schema: passwordResetLinkSchema },
    errors: ["not_found"],
  }),
  invitations: defineRoute({ method: "get", path: "/team/invitations", summary: "Pending invitations", response: { schema: z.object({ invitations: z.array(invitationSchema) }) } }),
  invite: defineRoute({
    method: "post",
    path: "/team/invitations",
    summary: "Invite an e-mail with a role; the one-time link is returned (and mailed when SMTP_URL is set)",
    body: createInvitationSchema,
    response: { status: 201, schema: createdInvitationSchema },
    errors: ["conflict"],
  }),
  revokeInvitation: defineRoute({ method: "delete", path: "/team/invitations/{id}", summary: "Revoke a pending invitation", response: { status: 204, description: "Revoked" }, errors: ["not_found"] }),
  acceptInvitation: defineRoute({
    method: "post",
    path: "/invitations/{token}/accept",
    summary: "Accept an invitation as the signed-in invitee",
    response: { description: "Joined", schema: teamAnswer },
    errors: ["not_found", "conflict"],
  }),
  switchSessionTeam: defineRoute({
    method: "put",
    path: "/session/team",
    summary: "Switch the browser session's current team",
    body: z.object({ team: z.string().trim().min(1, "name a team by id or name").meta({ description: "Team id or name" }) }),
    response: { description: "Switched", schema: teamAnswer },
    errors: ["not_found"],
  }),
  serviceAccounts: defineRoute({
    method: "get",
    path: "/service-accounts",
    summary: "The team's service accounts",
    response: { schema: z.object({ serviceAccounts: z.array(serviceAccountSchema) }) },
  }),
  createServiceAccount: defineRoute({
    method: "post",
    path: "/service-accounts",
    summary: "Create a service account; its token is returned once",
    body: createServiceAccountSchema,
    response: { status: 201, schema: z.object({ serviceAccount: serviceAccountSchema, token: z.string() }) },
    errors: ["conflict"],
  }),
  serviceAccount: defineRoute({ method: "get", path: "/service-accounts/{id}", summary: "One service account", response: { schema: z.object({ serviceAccount: serviceAccountSchema }) }, errors: ["not_found"] }),
  deleteServiceAccount: defineRoute({
    method: "delete",
    path: "/service-accounts/{id}",
    summary: "Delete a service account; its token stops at once",
    response: { status: 204, description: "Deleted" },
    errors: ["not_found"],
  }),
  audit: defineRoute({
    method: "get",
    path: "/audit",
    summary: "The team's audit log, newest first (admins and owners)",
    description: "Keyset-paged: pass `nextCursor` back as `cursor`. `format=csv` answers every matching event as text/csv instead.",
    query: auditQuerySchema.extend({ format: z.enum(["json", "csv"]).optional().meta({ description: "`csv` exports every matching event" }) }),
    response: { description: "OK (text/csv with format=csv)", schema: z.object({ events: z.array(auditEventSchema), nextCursor: z.string().nullable() }) },
  }),
};
