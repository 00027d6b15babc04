/**
 * Account security end to end below the browser: sessions end on password change and
 * "sign out everywhere" (session versioning), TOTP enrolment with a computed code makes
 * sign-in need a code, a recovery code works once, a reset link works once, and an
 * account cannot be deleted while it is a team's last owner.
 */
import { randomBytes } from "node:crypto";
import { encode } from "next-auth/jwt";
import { beforeAll, describe, expect, it } from "vitest";
import * as accountRoute from "@/app/api/v1/account/route";
import * as passwordRoute from "@/app/api/v1/account/password/route";
import * as signOutRoute from "@/app/api/v1/account/sign-out-everywhere/route";
import * as twoFactorRoute from "@/app/api/v1/account/two-factor/route";
import * as resetRoute from "@/app/api/v1/password-resets/[token]/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as serviceAccountsRoute from "@/app/api/v1/service-accounts/route";
import * as memberResetRoute from "@/app/api/v1/team/members/[userId]/password-reset/route";
import { loadServerSecrets } from "@/lib/config/secrets";
import { createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { testPrisma } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { authorizeSignIn, getAuthOptions, SIGN_IN_UNAVAILABLE_MESSAGE, WRONG_CREDENTIALS_MESSAGE } from "./next-auth-options";
import { hashPassword } from "./password";
import { authenticateRegistryBasic } from "./registry-credentials";
import { principalFromSessionToken } from "./session-token";
import { computeTotpCode, SECOND_FACTOR_REQUIRED } from "./totp";
import { captureLogs } from "@/lib/observability/test-support/capture-logs";

process.env.NEXTAUTH_SECRET ??= randomBytes(32).toString("hex");
process.env.SECRETS_KEY ??= randomBytes(32).toString("hex");

let team: TestTeam;
beforeAll(async () => {
  testPrisma();
  team = await createTestTeam("security");
});

async function sessionFor(userId: string, sv: number): Promise<string> {
  return encode({ token: { sub: userId, sv }, secret: loadServerSecrets().nextAuthSecret });
}

const signIn = (email: string, password: string, code = "") => authorizeSignIn({ email, password, code, clientAddress: "198.51.100.4" });

describe("sessions", () => {
  it("a password change ends older sessions; sign-in works with the new password only", async () => {
    const member = team.members.developer;
    const user = await signIn(member.email, member.password);
    const session = await sessionFor(member.userId, user.sv);
    expect((await principalFromSessionToken(session))?.userId).toBe(member.userId);

    const wrong = await callRoute(passwordRoute.POST, { method: "POST", path: "/api/v1/account/password", token: member.token, json: { currentPassword: "not it", newPassword: "a new password 2" } });
    expect(wrong.status).toBe(400);
    const changed = await callRoute(passwordRoute.POST, { method: "POST", path: "/api/v1/account/password", token: member.token, json: { currentPassword: member.password, newPassword: "a new password 2" } });
    expect(changed.status).toBe(204);
    expect(await principalFromSessionToken(session)).toBeNull();
    await expect(signIn(member.email, member.password)).rejects.toThrow(WRONG_CREDENTIALS_MESSAGE);
    const again = await signIn(member.email, "a new password 2");
    expect(await principalFromSessionToken(await sessionFor(member.userId, again.sv))).not.toBeNull();
    // Tokens are unaffected by password changes.
    expect((await callRoute(accountRoute.GET, { path: "/api/v1/account", token: member.token })).status).toBe(200);
  });

  it("sign out everywhere ends every session; sign-ins are in the audit log", async () => {
    const member = team.members.viewer;
    const user = await signIn(member.email, member.password);
    const session = await sessionFor(member.userId, user.sv);
    expect(await principalFromSessionToken(session)).not.toBeNull();
    expect((await callRoute(signOutRoute.POST, { method: "POST", path: "/api/v1/account/sign-out-everywhere", token: member.token })).status).toBe(204);
    expect(await principalFromSessionToken(session)).toBeNull();
    await expect(signIn(member.email, "wrong password")).rejects.toThrow(WRONG_CREDENTIALS_MESSAGE);
    const events = await testPrisma().auditEvent.findMany({ where: { teamId: team.teamId, target: member.email, action: { startsWith: "auth." } }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.action, event.clientAddress])).toEqual([
      ["auth.sign_in", "198.51.100.4"],
      ["auth.sign_in_failed", "198.51.100.4"],
    ]);
  });
});

describe("signing out and token lifetimes", () => {
  it("signing out ends the session on the server: the old cookie stops working at once", async () => {
    const member = team.members.admin;
    const user = await signIn(member.email, member.password);
    const session = await sessionFor(member.userId, user.sv);
    expect(await principalFromSessionToken(session)).not.toBeNull();
    // What next-auth calls after its sign-out POST, with the JWT it decoded from the cookie.
    await getAuthOptions().events!.signOut!({ token: { sub: member.userId, sv: user.sv }, session: null as never });
    expect(await principalFromSessionToken(session)).toBeNull();
    // A second sign-out with the same stale JWT changes nothing; a new sign-in works.
    await getAuthOptions().events!.signOut!({ token: { sub: member.userId, sv: user.sv }, session: null as never });
    const again = await signIn(member.email, member.password);
    expect(again.sv).toBe(user.sv + 1);
    expect(await principalFromSessionToken(await sessionFor(member.userId, again.sv))).not.toBeNull();
  });

  it("a token cannot mint a personal token or a service account that outlives it", async () => {
    const member = team.members.owner;
    const limit = new Date(Date.now() + 24 * 3600_000);
    const short = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", basic: { username: member.email, password: member.password }, json: { name: "a day", expiresAt: limit.toISOString() } });
    expect(short.status).toBe(201);
    const mint = (json: Record<string, unknown>) => callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", token: short.body.token, json: { name: "minted", ...json } });

    const longer = await mint({ expiresAt: new Date(limit.getTime() + 3600_000).toISOString() });
    expect(longer.status).toBe(400);
    expect(longer.body.error.message).toMatch(/expiresAt: must not be later than the expiry of the token making this request/);
    const forever = await mint({});
    expect(forever.status).toBe(201);
    expect(new Date(forever.body.expiresAt).getTime()).toBe(new Date(short.body.expiresAt).getTime());
    const shorter = await mint({ expiresAt: new Date(limit.getTime() - 3600_000).toISOString() });
    expect(shorter.status).toBe(201);

    const account = (json: Record<string, unknown>) =>
      callRoute(serviceAccountsRoute.POST, { method: "POST", path: "/api/v1/service-accounts", token: short.body.token, json: { scopes: [{ app: team.slug, actions: ["pull"] }], ...json } });
    expect((await account({ name: "ci-longer", expiresAt: new Date(limit.getTime() + 3600_000).toISOString() })).status).toBe(400);
    const capped = await account({ name: "ci-capped" });
    expect(capped.status).toBe(201);
    const stored = await testPrisma().serviceAccount.findUniqueOrThrow({ where: { id: capped.body.serviceAccount.id } });
    expect(stored.expiresAt?.getTime()).toBe(new Date(short.body.expiresAt).getTime());

    // A password (or a token without expiry) may still create tokens that never expire.
    const byPassword = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", basic: { username: member.email, password: member.password }, json: { name: "forever" } });
    expect(byPassword.body.expiresAt).toBeNull();
  });
});

describe("the sign-in form's messages", () => {
  it("never carry internal error text: a database failure reads as 'try again', the detail goes to the log", async () => {
    const member = team.members.developer;
    const logs = captureLogs();
    try {
      // A NUL in the client address (set by our server, never by the form) makes PostgreSQL refuse the throttle's statement.
      const failure = await authorizeSignIn({ email: member.email, password: member.password, code: "", clientAddress: "bad\u0000address" }).catch((error: Error) => error);
      expect((failure as Error).message).toBe(SIGN_IN_UNAVAILABLE_MESSAGE);
    } finally {
      logs.restore();
    }
    const failureLine = logs.lines().find((line) => line.msg === "sign-in failed on our side");
    expect(failureLine).toMatchObject({ level: 50, component: "auth" });
    expect(JSON.stringify(failureLine)).toMatch(/invalid byte sequence|22021/);
    // Control characters typed into the form are wrong credentials, not a failure of ours.
    await expect(signIn(`${member.email}\u0000`, member.password)).rejects.toThrow(WRONG_CREDENTIALS_MESSAGE);
  });
});

describe("two-factor", () => {
  it("enrol with a computed code; sign-in then needs a code; a recovery code works once; tokens never ask", async () => {
    const member = team.members.admin;
    const started = await callRoute(twoFactorRoute.POST, { method: "POST", path: "/api/v1/account/two-factor", token: member.token });
    expect(started.status).toBe(201);
    expect(started.body.uri).toMatch(/^otpauth:\/\/totp\/Slipway:/);
    // Not active until confirmed.
    await expect(signIn(member.email, member.password)).resolves.toMatchObject({ id: member.userId });
    const wrongCode = await callRoute(twoFactorRoute.PUT, { method: "PUT", path: "/api/v1/account/two-factor", token: member.token, json: { code: "000000" } });
    expect(wrongCode.status).toBe(400);
    const confirmed = await callRoute(twoFactorRoute.PUT, { method: "PUT", path: "/api/v1/account/two-factor", token: member.token, json: { code: await computeTotpCode(started.body.secret) } });
    expect(confirmed.status).toBe(200);
    const codes: string[] = confirmed.body.recoveryCodes;
    expect(codes).toHaveLength(10);
    const stored = await testPrisma().recoveryCode.findMany({ where: { userId: member.userId } });
    expect(stored.every((row) => !codes.includes(row.codeHash) && /^[0-9a-f]{64}$/.test(row.codeHash))).toBe(true);

    await expect(signIn(member.email, member.password)).rejects.toThrow(SECOND_FACTOR_REQUIRED);
    await expect(signIn(member.email, member.password, "123456")).rejects.toThrow(/Wrong two-factor code/);
    await expect(signIn(member.email, member.password, await computeTotpCode(started.body.secret))).resolves.toMatchObject({ id: member.userId });
    await expect(signIn(member.email, member.password, codes[0]!.toLowerCase())).resolves.toMatchObject({ id: member.userId });
    await expect(signIn(member.email, member.password, codes[0]!)).rejects.toThrow(/Wrong two-factor code/);
    expect((await callRoute(accountRoute.GET, { path: "/api/v1/account", token: member.token })).body.account).toMatchObject({ twoFactor: true, recoveryCodesLeft: 9 });

    // With two-factor on, a password alone no longer opens the API or the registry; tokens still do.
    const basic = await callRoute(tokensRoute.POST, { method: "POST", path: "/api/v1/tokens", basic: { username: member.email, password: member.password }, json: { name: "x" } });
    expect(basic.status).toBe(401);
    expect(basic.body.error.message).toMatch(/personal access token instead of the password/);
    await expect(authenticateRegistryBasic(member.email, member.password)).rejects.toThrow(/personal access token/);
    await expect(authenticateRegistryBasic(member.email, member.token)).resolves.toMatchObject({ kind: "user", userId: member.userId });

    const off = await callRoute(twoFactorRoute.DELETE, { method: "DELETE", path: "/api/v1/account/two-factor", token: member.token, json: { password: member.password } });
    expect(off.status).toBe(204);
    await expect(signIn(member.email, member.password)).resolves.toMatchObject({ id: member.userId });
  });
});

describe("passwords verified a moment ago (PASSWORD_CHECK_CACHE)", () => {
  it("a repeat skips nothing that matters: a password changed on another instance stops working at once", async () => {
    const other = await createTestTeam("password-memo");
    const member = other.members.developer;
    await expect(authenticateRegistryBasic(member.email, member.password)).resolves.toMatchObject({ kind: "user", userId: member.userId });
    // The repeat is the one the memory answers.
    await expect(authenticateRegistryBasic(member.email, member.password)).resolves.toMatchObject({ kind: "user", userId: member.userId });
    await expect(authenticateRegistryBasic(member.email, `${member.password}x`)).resolves.toBeNull();

    // Another instance (a reset link, say) wrote a new hash: this one's memory no longer matches.
    await testPrisma().user.update({ where: { id: member.userId }, data: { passwordHash: await hashPassword("a brand new password") } });
    await expect(authenticateRegistryBasic(member.email, member.password)).resolves.toBeNull();
    await expect(authenticateRegistryBasic(member.email, "a brand new password")).resolves.toMatchObject({ kind: "user", userId: member.userId });

    // A deleted account is refused however recently its password was verified.
    await testPrisma().user.update({ where: { id: member.userId }, data: { deletedAt: new Date() } });
    await expect(authenticateRegistryBasic(member.email, "a brand new password")).resolves.toBeNull();
  });
});

describe("password reset and deleting the account", () => {
  it("an owner's reset link works once and ends sessions; the last owner cannot delete their account; a member can", async () => {
    const member = team.members.developer;
    const notOwner = await callRoute(memberResetRoute.POST, { method: "POST", token: team.members.admin.token, params: { userId: member.userId }, path: `/api/v1/team/members/${member.userId}/password-reset` });
    expect(notOwner.status).toBe(403);
    const created = await callRoute(memberResetRoute.POST, { method: "POST", token: team.owner.token, params: { userId: member.userId }, path: `/api/v1/team/members/${member.userId}/password-reset` });
    expect(created.status).toBe(201);
    expect(created.body.url).toMatch(/\/reset-password\/pwr_[0-9A-Za-z]{40}$/);
    const secret = created.body.url.split("/").pop();
    expect((await callRoute(resetRoute.POST, { method: "POST", params: { token: secret }, json: { password: "short" } })).status).toBe(400);
    expect((await callRoute(resetRoute.POST, { method: "POST", params: { token: secret }, json: { password: "reset password 3" } })).status).toBe(204);
    expect((await callRoute(resetRoute.POST, { method: "POST", params: { token: secret }, json: { password: "reset password 4" } })).status).toBe(409);
    await expect(signIn(member.email, "reset password 3")).resolves.toMatchObject({ id: member.userId });

    const lastOwner = await callRoute(accountRoute.DELETE, { method: "DELETE", path: "/api/v1/account", token: team.owner.token, json: { password: team.owner.password } });
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.error.message).toMatch(/last owner/);

    const viewer = team.members.viewer;
    const deleted = await callRoute(accountRoute.DELETE, { method: "DELETE", path: "/api/v1/account", token: viewer.token, json: { password: viewer.password } });
    expect(deleted.status).toBe(204);
    expect((await callRoute(accountRoute.GET, { path: "/api/v1/account", token: viewer.token })).status).toBe(401);
    await expect(signIn(viewer.email, viewer.password)).rejects.toThrow(WRONG_CREDENTIALS_MESSAGE);
    expect(await testPrisma().membership.count({ where: { userId: viewer.userId } })).toBe(0);
  });
});
