/** Members, invitations, teams, personal token expiry and scopes, over the real route handlers. */
import { describe, expect, it } from "vitest";
import * as acceptRoute from "@/app/api/v1/invitations/[token]/accept/route";
import * as memberRoute from "@/app/api/v1/team/members/[userId]/route";
import * as membersRoute from "@/app/api/v1/team/members/route";
import * as invitationRoute from "@/app/api/v1/team/invitations/[id]/route";
import * as invitationsRoute from "@/app/api/v1/team/invitations/route";
import * as teamsRoute from "@/app/api/v1/teams/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as usersRoute from "@/app/api/v1/users/route";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as releasesRoute from "@/app/api/v1/apps/[slug]/releases/route";
import { testPrisma, uniqueSuffix } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { createTestTeam } from "./test-team";

describe("members and roles", () => {
  it("lists members with roles, lets an admin change a developer's role, and keeps the last owner", async () => {
    const team = await createTestTeam("members");
    const listed = await callRoute(membersRoute.GET, { token: team.members.viewer.token, path: "/api/v1/team/members" });
    expect(listed.status).toBe(200);
    expect(listed.body.members.map((member: { role: string }) => member.role)).toEqual(["owner", "admin", "developer", "viewer"]);
    expect(listed.body.members[0]).toEqual({ userId: team.owner.principal.userId, email: team.owner.email, name: expect.any(String), role: "owner", joinedAt: expect.any(String) });

    const path = (userId: string) => `/api/v1/team/members/${userId}`;
    const promote = await callRoute(memberRoute.PATCH, { method: "PATCH", token: team.members.admin.token, path: path(team.members.developer.userId), params: { userId: team.members.developer.userId }, json: { role: "viewer" } });
    expect(promote.status).toBe(200);
    expect(promote.body.member.role).toBe("viewer");

    const adminMakesOwner = await callRoute(memberRoute.PATCH, { method: "PATCH", token: team.members.admin.token, path: path(team.members.viewer.userId), params: { userId: team.members.viewer.userId }, json: { role: "owner" } });
    expect(adminMakesOwner.status).toBe(403);
    expect(adminMakesOwner.body.error.message).toMatch(/Only an owner/);

    const demoteLastOwner = await callRoute(memberRoute.PATCH, { method: "PATCH", token: team.owner.token, path: path(team.owner.principal.userId), params: { userId: team.owner.principal.userId }, json: { role: "admin" } });
    expect(demoteLastOwner.status).toBe(409);
    expect(demoteLastOwner.body.error.message).toMatch(/at least one owner/);
    const removeLastOwner = await callRoute(memberRoute.DELETE, { method: "DELETE", token: team.owner.token, path: path(team.owner.principal.userId), params: { userId: team.owner.principal.userId } });
    expect(removeLastOwner.status).toBe(409);

    const removed = await callRoute(memberRoute.DELETE, { method: "DELETE", token: team.members.admin.token, path: path(team.members.viewer.userId), params: { userId: team.members.viewer.userId } });
    expect(removed.status).toBe(204);
    // The removed member's token for this team stops at once.
    expect((await callRoute(membersRoute.GET, { token: team.members.viewer.token })).status).toBe(401);

    const events = await testPrisma().auditEvent.findMany({ where: { teamId: team.teamId, action: { in: ["member.role_changed", "member.removed"] } }, orderBy: { id: "asc" } });
    expect(events.map((event) => [event.action, event.actorName, event.target])).toEqual([
      ["member.role_changed", team.members.admin.email, team.members.developer.email],
      ["member.removed", team.members.admin.email, team.members.viewer.email],
    ]);
  });
});

describe("invitations", () => {
  it("invite -> sign up with the link -> member with the invited role; the link works once; revoked links stop", async () => {
    const team = await createTestTeam("invite");
    const email = `invitee-${uniqueSuffix()}@example.test`;
    const created = await callRoute(invitationsRoute.POST, { method: "POST", token: team.members.admin.token, path: "/api/v1/team/invitations", json: { email, role: "developer" } });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toMatchObject({ id: expect.any(String), email, role: "developer", url: expect.stringMatching(/^http:\/\/localhost\/invitations\/inv_[0-9A-Za-z]{40}$/) });
    expect(new Date(created.body.invitation.expiresAt).getTime() - Date.now()).toBeGreaterThan(6.9 * 24 * 3600 * 1000);
    const secret = created.body.invitation.url.split("/").pop();

    const signUp = await callRoute(usersRoute.POST, { method: "POST", json: { email, password: "invitee password 1", name: "Invitee", invitation: secret } });
    expect(signUp.status).toBe(201);
    const membership = await testPrisma().membership.findFirstOrThrow({ where: { teamId: team.teamId, user: { email } } });
    expect(membership.role).toBe("developer");
    expect(await testPrisma().membership.count({ where: { user: { email } } })).toBe(1);

    const again = await callRoute(acceptRoute.POST, { method: "POST", token: team.members.viewer.token, params: { token: secret }, path: `/api/v1/invitations/${secret}/accept` });
    expect(again.status).toBe(409);

    const second = await callRoute(invitationsRoute.POST, { method: "POST", token: team.owner.token, path: "/api/v1/team/invitations", json: { email: `other-${uniqueSuffix()}@example.test`, role: "viewer" } });
    const revoke = await callRoute(invitationRoute.DELETE, { method: "DELETE", token: team.owner.token, params: { id: second.body.invitation.id }, path: `/api/v1/team/invitations/${second.body.invitation.id}` });
    expect(revoke.status).toBe(204);
    const pending = await callRoute(invitationsRoute.GET, { token: team.owner.token, path: "/api/v1/team/invitations" });
    expect(pending.body.invitations).toEqual([]);
  });

  it("an existing person accepts with their own token and then belongs to two teams", async () => {
    const [host, guest] = await Promise.all([createTestTeam("host"), createTestTeam("guest")]);
    const created = await callRoute(invitationsRoute.POST, { method: "POST", token: host.owner.token, path: "/api/v1/team/invitations", json: { email: guest.owner.email, role: "viewer" } });
    const secret = created.body.invitation.url.split("/").pop();
    const wrongPerson = await callRoute(acceptRoute.POST, { method: "POST", token: guest.members.admin.token, params: { token: secret }, path: `/api/v1/invitations/${secret}/accept` });
    expect(wrongPerson.status).toBe(403);
    const accepted = await callRoute(acceptRoute.POST, { method: "POST", token: guest.owner.token, params: { token: secret }, path: `/api/v1/invitations/${secret}/accept` });
    expect(accepted.status).toBe(200);
    expect(accepted.body.team).toMatchObject({ id: host.teamId, role: "viewer" });
    const teams = await callRoute(teamsRoute.GET, { token: guest.owner.token, path: "/api/v1/teams" });
    expect(teams.body.teams.map((team: { id: string; role: string }) => [team.id, team.role])).toEqual([
      [guest.teamId, "owner"],
      [host.teamId, "viewer"],
    ]);
    // The old token still acts in the team it was created in.
    const apps = await callRoute(appsRoute.GET, { token: guest.owner.token, path: "/api/v1/apps" });
    expect(apps.body.apps.map((app: { slug: string }) => app.slug)).toEqual([guest.slug]);
    // A token made for the other team (by name) acts there, with the role there.
    const basic = { username: guest.owner.email, password: guest.owner.password };
    const hostTeamName = (await testPrisma().team.findUniqueOrThrow({ where: { id: host.teamId } })).name;
    const made = await callRoute(tokensRoute.POST, { method: "POST", basic, path: "/api/v1/tokens", json: { name: "host", team: hostTeamName } });
    expect(made.status).toBe(201);
    expect(made.body.team).toEqual({ id: host.teamId, name: hostTeamName });
    const hostApps = await callRoute(appsRoute.GET, { token: made.body.token, path: "/api/v1/apps" });
    expect(hostApps.body.apps.map((app: { slug: string }) => app.slug)).toEqual([host.slug]);
    const viewerWrite = await callRoute(releasesRoute.POST, { method: "POST", token: made.body.token, path: `/api/v1/apps/${host.slug}/releases`, params: { slug: host.slug }, json: {} });
    expect(viewerWrite.status).toBe(403);
  });
});

describe("personal access tokens", () => {
  it("show creation, last use and expiry; an expired token stops at once; scopes narrow the role", async () => {
    const team = await createTestTeam("tokens");
    const basic = { username: team.owner.email, password: team.owner.password };
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    const short = await callRoute(tokensRoute.POST, { method: "POST", basic, path: "/api/v1/tokens", json: { name: "short", expiresAt } });
    expect(short.status).toBe(201);
    expect(short.body).toMatchObject({ name: "short", expiresAt, scopes: null, lastUsedAt: null, createdAt: expect.any(String) });
    expect((await callRoute(appsRoute.GET, { token: short.body.token })).status).toBe(200);
    const listed = await callRoute(tokensRoute.GET, { token: team.owner.token });
    expect(listed.body.tokens.find((token: { name: string }) => token.name === "short").lastUsedAt).not.toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 1600));
    const expired = await callRoute(appsRoute.GET, { token: short.body.token });
    expect(expired.status).toBe(401);
    expect(expired.body.error.message).toMatch(/expired/);

    const past = await callRoute(tokensRoute.POST, { method: "POST", basic, path: "/api/v1/tokens", json: { name: "past", expiresAt: "2020-01-01" } });
    expect(past.status).toBe(400);

    const scoped = await callRoute(tokensRoute.POST, { method: "POST", basic, path: "/api/v1/tokens", json: { name: "ci", scopes: [{ app: team.slug, actions: ["pull"] }] } });
    expect(scoped.status).toBe(201);
    expect(scoped.body.scopes).toEqual([{ app: team.slug, actions: ["pull"] }]);
    const write = await callRoute(releasesRoute.POST, { method: "POST", token: scoped.body.token, path: `/api/v1/apps/${team.slug}/releases`, params: { slug: team.slug }, json: {} });
    expect(write.status).toBe(403);
    expect(write.body.error.message).toContain(`lacks the scope "releases:write" on application "${team.slug}"`);
    const badScope = await callRoute(tokensRoute.POST, { method: "POST", basic, path: "/api/v1/tokens", json: { name: "x", scopes: [{ app: "nope", actions: ["pull"] }] } });
    expect(badScope.status).toBe(400);
  });
});
