/**
 * Test support: one team with a person in each role (owner from the real sign-up, the
 * others joined as members), a personal token each, and an application.
 */
import { createAccessToken } from "@/lib/auth/access-tokens";
import { hashPassword } from "@/lib/auth/password";
import { defaultChannelRows } from "@/lib/customers/channels";
import type { Role } from "@/lib/auth/roles";
import { testPrisma, uniqueSuffix } from "@/lib/test/database";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";

export interface TestMember {
  userId: string;
  email: string;
  password: string;
  token: string;
  role: Role;
}

export interface TestTeam {
  teamId: string;
  slug: string;
  owner: TestAccount;
  members: Record<Role, TestMember>;
}

const PASSWORD_HASH = hashPassword("member password 1");

/** Adds a new person with `role` to the team, with a personal token in that team. */
export async function addTestMember(teamId: string, role: Role, label: string = role): Promise<TestMember> {
  const email = `${label}-${uniqueSuffix()}@example.test`;
  const user = await testPrisma().user.create({
    data: { email, name: `Test ${label}`, passwordHash: await PASSWORD_HASH, memberships: { create: { teamId, role } } },
  });
  const { token } = await createAccessToken(user.id, `${role} token`, { teamId });
  return { userId: user.id, email, password: "member password 1", token, role };
}

/** A team with an owner, an admin, a developer and a viewer, and one application. */
export async function createTestTeam(label = "team"): Promise<TestTeam> {
  const owner = await createTestAccount(`${label}-owner`);
  const teamId = owner.principal.teamId;
  const slug = `${label}-${uniqueSuffix()}`;
  await testPrisma().app.create({ data: { teamId, name: `App ${slug}`, slug, channels: { create: defaultChannelRows() } } });
  const [admin, developer, viewer] = await Promise.all([addTestMember(teamId, "admin"), addTestMember(teamId, "developer"), addTestMember(teamId, "viewer")]);
  const ownerMember: TestMember = { userId: owner.principal.userId, email: owner.email, password: owner.password, token: owner.token, role: "owner" };
  return { teamId, slug, owner, members: { owner: ownerMember, admin, developer, viewer } };
}
