/**
 * A token's principal is read with its holder and the holder's membership in one
 * statement (the registry login's and every API call's hot path): who it acts as, with
 * which role and scopes, and when it stops, read from the rows as they are now.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { createServiceAccount } from "@/lib/teams/service-accounts";
import { addTestMember, createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { testPrisma } from "@/lib/test/database";
import { checkTokenStanding, createAccessToken, findPrincipalByToken, findPrincipalByTokenId, findTokenHolder } from "./access-tokens";

let team: TestTeam;
beforeAll(async () => {
  team = await createTestTeam("token-principal");
});

describe("a personal token", () => {
  it("acts as its person with their role in the token's team now, narrowed by its scopes, and records its use", async () => {
    const person = await addTestMember(team.teamId, "developer", "scoped");
    const { token, record } = await createAccessToken(person.userId, "scoped", { scopes: [{ app: team.slug, actions: ["pull"] }] });
    expect(await findPrincipalByToken(token)).toEqual({
      kind: "person",
      userId: person.userId,
      teamId: team.teamId,
      role: "developer",
      scopes: [{ app: team.slug, actions: ["pull"] }],
      email: person.email,
      name: "Test scoped",
      via: "token",
      tokenName: "scoped",
      tokenId: record.id,
      tokenExpiresAt: null,
    });
    expect((await testPrisma().accessToken.findUniqueOrThrow({ where: { id: record.id } })).lastUsedAt).not.toBeNull();
    await testPrisma().membership.update({ where: { teamId_userId: { teamId: team.teamId, userId: person.userId } }, data: { role: "admin" } });
    await expect(findPrincipalByTokenId(record.id)).resolves.toMatchObject({ role: "admin", scopes: [{ app: team.slug, actions: ["pull"] }] });
    await expect(checkTokenStanding(record.id)).resolves.toBeNull();
  });

  it("stops once its person leaves the team or their account is deleted, and says why", async () => {
    const leaver = await addTestMember(team.teamId, "developer", "leaver");
    await testPrisma().membership.delete({ where: { teamId_userId: { teamId: team.teamId, userId: leaver.userId } } });
    await expect(findPrincipalByToken(leaver.token)).resolves.toBeNull();
    const leaverToken = await testPrisma().accessToken.findFirstOrThrow({ where: { userId: leaver.userId } });
    await expect(checkTokenStanding(leaverToken.id)).resolves.toBe("the access token's holder no longer has access");
    await expect(findTokenHolder(leaver.token)).resolves.toMatchObject({ tokenName: "developer token", reason: "token holder lost access", actor: { kind: "person", id: leaver.userId, name: leaver.email } });

    const deleted = await addTestMember(team.teamId, "developer", "deleted");
    await testPrisma().user.update({ where: { id: deleted.userId }, data: { deletedAt: new Date() } });
    await expect(findPrincipalByToken(deleted.token)).resolves.toBeNull();
  });

  it("stops once revoked or expired; an unknown secret or id is nobody's", async () => {
    const person = await addTestMember(team.teamId, "viewer", "ending");
    const row = await testPrisma().accessToken.findFirstOrThrow({ where: { userId: person.userId } });
    await testPrisma().accessToken.update({ where: { id: row.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(findPrincipalByToken(person.token)).resolves.toBeNull();
    await expect(checkTokenStanding(row.id)).resolves.toBe("the access token was expired");
    await testPrisma().accessToken.update({ where: { id: row.id }, data: { expiresAt: null, revokedAt: new Date() } });
    await expect(findPrincipalByToken(person.token)).resolves.toBeNull();
    await expect(findTokenHolder(person.token)).resolves.toMatchObject({ reason: "token revoked" });
    await expect(findPrincipalByToken(`slw_${"x".repeat(40)}`)).resolves.toBeNull();
    await expect(checkTokenStanding("00000000-0000-4000-8000-000000000000")).resolves.toBe("the access token no longer exists");
  });
});

describe("a service account's token", () => {
  it("acts as the account with its scopes and ends with the account's expiry", async () => {
    const expiresAt = new Date(Date.now() + 3_600_000);
    const { serviceAccount, token } = await createServiceAccount(team.owner.principal, {
      name: "ci",
      description: "",
      expiresAt,
      scopes: [{ app: team.slug, actions: ["pull", "push"] }],
    });
    const principal = await findPrincipalByToken(token);
    expect(principal).toMatchObject({
      kind: "service-account",
      serviceAccountId: serviceAccount.id,
      userId: team.owner.principal.userId,
      teamId: team.teamId,
      role: "developer",
      scopes: [{ app: team.slug, actions: ["pull", "push"] }],
      email: serviceAccount.username,
      name: "ci",
      tokenExpiresAt: expiresAt,
    });
    await expect(findTokenHolder(token)).resolves.toMatchObject({ actor: { kind: "service-account", id: serviceAccount.id, name: serviceAccount.username } });
    await testPrisma().serviceAccount.update({ where: { id: serviceAccount.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(findPrincipalByToken(token)).resolves.toBeNull();
    await expect(checkTokenStanding(principal!.tokenId!)).resolves.toBe("the access token's holder no longer has access");
  });
});
