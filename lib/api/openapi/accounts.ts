/** Contracts of people's accounts: sign-up, personal access tokens, the account itself, two-factor and password resets. */
import { z } from "zod";
import type { AccessTokenView } from "@/lib/auth/access-tokens";
import { changePasswordSchema, confirmPasswordSchema, updateAccountSchema, type AccountView } from "@/lib/auth/account";
import { requestPasswordResetSchema, usePasswordResetSchema } from "@/lib/auth/password-resets";
import { signUpSchema } from "@/lib/auth/sign-up";
import { createTokenSchema } from "@/lib/auth/token-input";
import { defineRoute, describing } from "./contract";
import { scopesSchema, teamOfUserSchema } from "./teams";

export const accessTokenSchema = describing<AccessTokenView>()(
  z
    .object({
      id: z.uuid(),
      name: z.string(),
      prefix: z.string().meta({ description: "The first characters of the secret, to recognise it." }),
      createdAt: z.iso.datetime(),
      lastUsedAt: z.iso.datetime().nullable(),
      expiresAt: z.iso.datetime().nullable(),
      scopes: scopesSchema.nullable().meta({ description: "null: the person's role" }),
      team: z.object({ id: z.uuid(), name: z.string() }),
    })
    .meta({ id: "AccessToken" }),
);

export const accountSchema = describing<AccountView>()(
  z.object({ id: z.uuid(), email: z.string(), name: z.string(), twoFactor: z.boolean(), recoveryCodesLeft: z.number().int() }).meta({ id: "Account" }),
);

export const ACCOUNT_ROUTES = {
  signUp: defineRoute({
    method: "post",
    path: "/users",
    summary: "Sign up: create a user and their team, or join a team with an invitation",
    description: "Public. Turned off when the server runs with SIGNUP=closed (403), except with an invitation. Give `team` (a new team, you its owner) or `invitation` (the link's secret).",
    auth: "none",
    body: signUpSchema,
    response: { status: 201, schema: z.object({ user: z.object({ id: z.uuid(), email: z.string(), name: z.string(), teamId: z.uuid() }) }) },
    errors: ["forbidden", "conflict", "rate_limited"],
  }),
  createToken: defineRoute({
    method: "post",
    path: "/tokens",
    summary: "Create a personal access token",
    description: "Authenticate with HTTP Basic (e-mail and password), or with a session or token. The secret is returned once and never again.",
    auth: "basic",
    // Read by the handler after it checks the credentials, so a wrong password is a 401 whatever the body.
    rawBody: { required: false, content: { "application/json": { schema: createTokenSchema } } },
    response: { status: 201, schema: accessTokenSchema.extend({ token: z.string() }) },
    errors: ["forbidden", "rate_limited"],
  }),
  listTokens: defineRoute({ method: "get", path: "/tokens", summary: "List the caller's tokens (without secrets)", response: { schema: z.object({ tokens: z.array(accessTokenSchema) }) } }),
  revokeToken: defineRoute({ method: "delete", path: "/tokens/{id}", summary: "Revoke a token", response: { status: 204, description: "Revoked" }, errors: ["not_found"] }),
  get: defineRoute({
    method: "get",
    path: "/account",
    summary: "The caller's account and teams",
    response: { schema: z.object({ account: accountSchema, teams: z.array(teamOfUserSchema) }) },
  }),
  update: defineRoute({
    method: "patch",
    path: "/account",
    summary: "Change name or e-mail (current password confirms)",
    body: updateAccountSchema,
    response: { schema: z.object({ account: accountSchema }) },
    errors: ["conflict"],
  }),
  delete: defineRoute({
    method: "delete",
    path: "/account",
    summary: "Delete the account (refused for a team's last owner)",
    body: confirmPasswordSchema,
    response: { status: 204, description: "Deleted" },
    errors: ["conflict"],
  }),
  changePassword: defineRoute({ method: "post", path: "/account/password", summary: "Change the password; every session ends", body: changePasswordSchema, response: { status: 204, description: "Changed" } }),
  signOutEverywhere: defineRoute({
    method: "post",
    path: "/account/sign-out-everywhere",
    summary: "End every browser session (tokens keep working)",
    response: { status: 204, description: "Signed out" },
  }),
  startTwoFactor: defineRoute({
    method: "post",
    path: "/account/two-factor",
    summary: "Start TOTP enrolment",
    response: { status: 201, description: "Started", schema: z.object({ secret: z.string(), uri: z.string() }) },
    errors: ["conflict"],
  }),
  confirmTwoFactor: defineRoute({
    method: "put",
    path: "/account/two-factor",
    summary: "Confirm with the current code; returns the recovery codes once",
    body: z.object({ code: z.string().trim().min(1, "enter the 6-digit code") }),
    response: { description: "On", schema: z.object({ recoveryCodes: z.array(z.string()) }) },
    errors: ["conflict"],
  }),
  disableTwoFactor: defineRoute({
    method: "delete",
    path: "/account/two-factor",
    summary: "Turn two-factor off (password confirms)",
    body: confirmPasswordSchema,
    response: { status: 204, description: "Off" },
  }),
  requestPasswordReset: defineRoute({
    method: "post",
    path: "/password-resets",
    summary: "Mail a reset link (only when SMTP_URL is set; 202 whether or not the account exists)",
    description: "409 `{mail: \"not_configured\"}` when the server cannot send mail: ask an owner for a link instead.",
    auth: "none",
    body: requestPasswordResetSchema,
    response: { status: 202, description: "Accepted", schema: z.object({ mail: z.enum(["sent", "not_configured"]) }) },
    errors: ["conflict", "rate_limited"],
  }),
  usePasswordReset: defineRoute({
    method: "post",
    path: "/password-resets/{token}",
    summary: "Set a new password with a one-time reset link",
    auth: "none",
    body: usePasswordResetSchema,
    response: { status: 204, description: "Changed" },
    errors: ["not_found", "conflict"],
  }),
};
