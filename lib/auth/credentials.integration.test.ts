/**
 * verifyCredentials reads the throttle, the account and its first team in one statement
 * (the token endpoint's hot path): what it decides must be what the three reads decided.
 * A password acts in the person's oldest team; it signs in nobody without a team, no
 * deleted account, and nobody while the e-mail is locked from that address.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isAppError } from "@/lib/errors";
import { addTestMember, createTestTeam, type TestMember, type TestTeam } from "@/lib/teams/test-team";
import { testPrisma } from "@/lib/test/database";
import { verifyCredentials } from "./credentials";
import { passwordThrottleKey } from "./sign-in-throttle";

let first: TestTeam;
let second: TestTeam;
let person: TestMember;
beforeAll(async () => {
  first = await createTestTeam("first-team");
  second = await createTestTeam("second-team");
  // Joins the second team a day after the first, as an owner there.
  person = await addTestMember(first.teamId, "viewer", "two-teams");
  await testPrisma().membership.create({ data: { teamId: second.teamId, userId: person.userId, role: "owner", createdAt: new Date(Date.now() + 86_400_000) } });
});
afterAll(async () => {
  await testPrisma().signInThrottle.deleteMany({ where: { email: { contains: person.email } } });
});

describe("verifyCredentials with a password", () => {
  it("acts in the person's oldest team with their role there, whatever the e-mail's case and spaces", async () => {
    const principal = await verifyCredentials(`  ${person.email.toUpperCase()} `, person.password, { clientAddress: "198.51.100.1" });
    expect(principal).toEqual({
      kind: "person",
      userId: person.userId,
      teamId: first.teamId,
      role: "viewer",
      scopes: null,
      email: person.email,
      name: "Test two-teams",
      via: "password",
    });
  });

  it("follows the memberships as they are now: left the first team, it acts in the second", async () => {
    const loner = await addTestMember(first.teamId, "developer", "leaving");
    await testPrisma().membership.create({ data: { teamId: second.teamId, userId: loner.userId, role: "admin", createdAt: new Date(Date.now() + 1000) } });
    await testPrisma().membership.delete({ where: { teamId_userId: { teamId: first.teamId, userId: loner.userId } } });
    await expect(verifyCredentials(loner.email, loner.password)).resolves.toMatchObject({ teamId: second.teamId, role: "admin" });
    // Without any team a right password signs in nobody, and it counts as a failure.
    await testPrisma().membership.delete({ where: { teamId_userId: { teamId: second.teamId, userId: loner.userId } } });
    await expect(verifyCredentials(loner.email, loner.password, { clientAddress: "198.51.100.2" })).resolves.toBeNull();
    const key = passwordThrottleKey(loner.email, "198.51.100.2");
    expect((await testPrisma().signInThrottle.findUniqueOrThrow({ where: { email: key } })).failures).toBe(1);
  });

  it("refuses a deleted account and an unknown e-mail alike", async () => {
    const gone = await addTestMember(first.teamId, "developer", "deleted");
    await testPrisma().user.update({ where: { id: gone.userId }, data: { deletedAt: new Date() } });
    await expect(verifyCredentials(gone.email, gone.password)).resolves.toBeNull();
    await expect(verifyCredentials(`nobody-${gone.email}`, gone.password)).resolves.toBeNull();
  });

  it("clears failures on record after a right password, and refuses even the right one while locked", async () => {
    const address = "198.51.100.3";
    const key = passwordThrottleKey(person.email, address);
    await expect(verifyCredentials(person.email, "a wrong password", { clientAddress: address })).resolves.toBeNull();
    expect(await testPrisma().signInThrottle.findUnique({ where: { email: key } })).not.toBeNull();
    await expect(verifyCredentials(person.email, person.password, { clientAddress: address })).resolves.toMatchObject({ userId: person.userId });
    expect(await testPrisma().signInThrottle.findUnique({ where: { email: key } })).toBeNull();

    const lockedUntil = new Date(Date.now() + 60_000);
    await testPrisma().signInThrottle.create({ data: { email: key, failures: 6, lockedUntil } });
    const refusal = await verifyCredentials(person.email, person.password, { clientAddress: address }).catch((error: unknown) => error);
    expect(isAppError(refusal) && refusal.code).toBe("rate_limited");
    expect(isAppError(refusal) && refusal.retryAfter).toBeGreaterThanOrEqual(59);
    // The lock is the address's for this e-mail: another address signs in.
    await expect(verifyCredentials(person.email, person.password, { clientAddress: "198.51.100.4" })).resolves.toMatchObject({ userId: person.userId });
    // Once the lock has passed, the right password goes through again.
    await testPrisma().signInThrottle.update({ where: { email: key }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await expect(verifyCredentials(person.email, person.password, { clientAddress: address })).resolves.toMatchObject({ userId: person.userId });
  });
});
