import { errors, jsonBody, jsonResponse, pathParam, ref } from "./shared";

const ROLE = { type: "string", enum: ["owner", "admin", "developer", "viewer"] };
const SCOPES = {
  type: "array",
  items: { type: "object", required: ["app", "actions"], properties: { app: { type: "string", description: "Application slug" }, actions: { type: "array", items: { type: "string", enum: ["pull", "push", "delete", "releases:write"] } } } },
};
const obj = (properties: Record<string, unknown>, required: string[] = []) => ({ type: "object", required, properties });
const noContent = (description: string, ...statuses: number[]) => ({ "204": { description }, ...errors(...statuses) });

export const TEAM_SCHEMAS = {
  TeamOfUser: obj({ id: { type: "string", format: "uuid" }, name: { type: "string" }, role: ROLE }),
  Member: obj({ userId: { type: "string", format: "uuid" }, email: { type: "string" }, name: { type: "string" }, role: ROLE, joinedAt: { type: "string", format: "date-time" } }),
  Invitation: obj({
    id: { type: "string", format: "uuid" },
    email: { type: "string" },
    role: ROLE,
    url: { type: "string", description: "`<portal URL>/invitations/<token>`: returned once, at creation." },
    createdAt: { type: "string", format: "date-time" },
    expiresAt: { type: "string", format: "date-time" },
    invitedBy: { type: ["string", "null"] },
  }),
  ServiceAccount: obj({
    id: { type: "string", format: "uuid" },
    name: { type: "string" },
    username: { type: "string", description: "The docker login username." },
    description: { type: "string" },
    scopes: SCOPES,
    expiresAt: { type: ["string", "null"], format: "date-time" },
    createdAt: { type: "string", format: "date-time" },
    createdBy: { type: "string" },
    lastUsedAt: { type: ["string", "null"], format: "date-time" },
  }),
  AuditEvent: obj({
    id: { type: "string" },
    at: { type: "string", format: "date-time" },
    actor: obj({ kind: { type: "string", enum: ["person", "service-account", "license", "anonymous"] }, id: { type: ["string", "null"] }, name: { type: "string" } }),
    action: { type: "string" },
    app: { type: "string" },
    target: { type: "string" },
    clientAddress: { type: ["string", "null"] },
    requestId: { type: ["string", "null"] },
  }),
  Account: obj({ id: { type: "string", format: "uuid" }, email: { type: "string" }, name: { type: "string" }, twoFactor: { type: "boolean" }, recoveryCodesLeft: { type: "integer" } }),
};

export const TOKEN_SCOPES_SCHEMA = SCOPES;

export const TEAM_PATHS = {
  "/teams": {
    get: { summary: "The caller's teams with their role in each", responses: { "200": jsonResponse("OK", obj({ teams: { type: "array", items: ref("TeamOfUser") } })), ...errors(401, 403) } },
    post: { summary: "Create another team with the caller as owner", requestBody: jsonBody(obj({ name: { type: "string" } }, ["name"])), responses: { "201": jsonResponse("Created", obj({ team: ref("TeamOfUser") })), ...errors(400, 401, 403) } },
  },
  "/team": {
    get: { summary: "The team this request acts in, and the caller's role", responses: { "200": jsonResponse("OK", obj({ team: ref("TeamOfUser") })), ...errors(401) } },
    delete: { summary: "Delete the team and everything in it (owners; confirm with its name)", requestBody: jsonBody(obj({ confirm: { type: "string" } }, ["confirm"])), responses: noContent("Deleted", 400, 401, 403) },
  },
  "/team/members": { get: { summary: "The team's members and roles", responses: { "200": jsonResponse("OK", obj({ members: { type: "array", items: ref("Member") } })), ...errors(401, 403) } } },
  "/team/members/{userId}": {
    patch: { summary: "Change a member's role (only owners touch owners; the last owner stays)", parameters: [pathParam("userId", "Member's user id")], requestBody: jsonBody(obj({ role: ROLE }, ["role"])), responses: { "200": jsonResponse("OK", obj({ member: ref("Member") })), ...errors(400, 401, 403, 404, 409) } },
    delete: { summary: "Remove a member (or leave); their tokens for the team stop", parameters: [pathParam("userId", "Member's user id")], responses: noContent("Removed", 401, 403, 404, 409) },
  },
  "/team/members/{userId}/password-reset": {
    post: { summary: "A one-time password reset link for a member (owners)", parameters: [pathParam("userId", "Member's user id")], responses: { "201": jsonResponse("Created", obj({ url: { type: "string" }, expiresAt: { type: "string", format: "date-time" }, mail: { type: "string" } })), ...errors(401, 403, 404) } },
  },
  "/team/invitations": {
    get: { summary: "Pending invitations", responses: { "200": jsonResponse("OK", obj({ invitations: { type: "array", items: ref("Invitation") } })), ...errors(401, 403) } },
    post: {
      summary: "Invite an e-mail with a role; the one-time link is returned (and mailed when SMTP_URL is set)",
      requestBody: jsonBody(obj({ email: { type: "string", format: "email" }, role: ROLE }, ["email", "role"])),
      responses: { "201": jsonResponse("Created", obj({ invitation: ref("Invitation"), mail: { type: "string", enum: ["sent", "not_configured", "failed"] } })), ...errors(400, 401, 403, 409) },
    },
  },
  "/team/invitations/{id}": { delete: { summary: "Revoke a pending invitation", parameters: [pathParam("id", "Invitation id")], responses: noContent("Revoked", 401, 403, 404) } },
  "/invitations/{token}/accept": {
    post: { summary: "Accept an invitation as the signed-in invitee", parameters: [pathParam("token", "The invitation link's secret")], responses: { "200": jsonResponse("Joined", obj({ team: ref("TeamOfUser") })), ...errors(401, 403, 404, 409) } },
  },
  "/session/team": {
    put: { summary: "Switch the browser session's current team", requestBody: jsonBody(obj({ team: { type: "string", description: "Team id or name" } }, ["team"])), responses: { "200": jsonResponse("Switched", obj({ team: ref("TeamOfUser") })), ...errors(400, 401, 404) } },
  },
  "/service-accounts": {
    get: { summary: "The team's service accounts", responses: { "200": jsonResponse("OK", obj({ serviceAccounts: { type: "array", items: ref("ServiceAccount") } })), ...errors(401, 403) } },
    post: {
      summary: "Create a service account; its token is returned once",
      requestBody: jsonBody(obj({ name: { type: "string" }, description: { type: "string" }, expiresAt: { type: ["string", "null"], format: "date-time" }, scopes: SCOPES }, ["name", "scopes"])),
      responses: { "201": jsonResponse("Created", obj({ serviceAccount: ref("ServiceAccount"), token: { type: "string" } })), ...errors(400, 401, 403, 409) },
    },
  },
  "/service-accounts/{id}": {
    get: { summary: "One service account", parameters: [pathParam("id", "Service account id")], responses: { "200": jsonResponse("OK", obj({ serviceAccount: ref("ServiceAccount") })), ...errors(401, 403, 404) } },
    delete: { summary: "Delete a service account; its token stops at once", parameters: [pathParam("id", "Service account id")], responses: noContent("Deleted", 401, 403, 404) },
  },
  "/audit": {
    get: {
      summary: "The team's audit log, newest first (admins and owners)",
      parameters: ["actor", "app", "action", "from", "to", "cursor", "limit", "format"].map((name) => ({ name, in: "query", required: false, schema: { type: "string" } })),
      responses: { "200": jsonResponse("OK (text/csv with format=csv)", obj({ events: { type: "array", items: ref("AuditEvent") }, nextCursor: { type: ["string", "null"] } })), ...errors(400, 401, 403) },
    },
  },
  "/account": {
    get: { summary: "The caller's account and teams", responses: { "200": jsonResponse("OK", obj({ account: ref("Account"), teams: { type: "array", items: ref("TeamOfUser") } })), ...errors(401) } },
    patch: { summary: "Change name or e-mail (current password confirms)", requestBody: jsonBody(obj({ currentPassword: { type: "string" }, name: { type: "string" }, email: { type: "string" } }, ["currentPassword"])), responses: { "200": jsonResponse("OK", obj({ account: ref("Account") })), ...errors(400, 401, 409) } },
    delete: { summary: "Delete the account (refused for a team's last owner)", requestBody: jsonBody(obj({ password: { type: "string" } }, ["password"])), responses: noContent("Deleted", 400, 401, 409) },
  },
  "/account/password": { post: { summary: "Change the password; every session ends", requestBody: jsonBody(obj({ currentPassword: { type: "string" }, newPassword: { type: "string", minLength: 10 } }, ["currentPassword", "newPassword"])), responses: noContent("Changed", 400, 401) } },
  "/account/sign-out-everywhere": { post: { summary: "End every browser session (tokens keep working)", responses: noContent("Signed out", 401) } },
  "/account/two-factor": {
    post: { summary: "Start TOTP enrolment", responses: { "201": jsonResponse("Started", obj({ secret: { type: "string" }, uri: { type: "string" } })), ...errors(401, 409) } },
    put: { summary: "Confirm with the current code; returns the recovery codes once", requestBody: jsonBody(obj({ code: { type: "string" } }, ["code"])), responses: { "200": jsonResponse("On", obj({ recoveryCodes: { type: "array", items: { type: "string" } } })), ...errors(400, 401, 409) } },
    delete: { summary: "Turn two-factor off (password confirms)", requestBody: jsonBody(obj({ password: { type: "string" } }, ["password"])), responses: noContent("Off", 400, 401) },
  },
  "/password-resets": {
    post: { summary: "Mail a reset link (only when SMTP_URL is set; 202 whether or not the account exists)", security: [], requestBody: jsonBody(obj({ email: { type: "string", format: "email" } }, ["email"])), responses: { "202": jsonResponse("Accepted", obj({ mail: { type: "string" } })), ...errors(400, 409) } },
  },
  "/password-resets/{token}": {
    post: { summary: "Set a new password with a one-time reset link", security: [], parameters: [pathParam("token", "The reset link's secret")], requestBody: jsonBody(obj({ password: { type: "string", minLength: 10 } }, ["password"])), responses: noContent("Changed", 400, 404, 409) },
  },
};
