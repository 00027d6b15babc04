/** `POST /api/v1/tokens`: a personal token in a team the person chooses (by id or name), with optional expiry and scopes. */
import { prisma } from "@/lib/db/client";
import { invalidInput, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/teams/memberships";
import { createAccessToken, type AccessTokenView } from "./access-tokens";
import type { Principal } from "./principal";
import type { AppScope } from "./roles";
import { limitExpiryToCreator } from "./token-lifetime";
import type { CreateTokenInput } from "./token-input";

/** The id of the team `nameOrId` among the person's teams; `not_found` otherwise (also for a name two of their teams share: say the id). */
export async function resolveTeamOfUser(userId: string, nameOrId: string): Promise<string> {
  const memberships = await prisma.membership.findMany({ where: { userId }, select: { teamId: true, team: { select: { name: true } } } });
  if (isUuid(nameOrId)) {
    const byId = memberships.find((membership) => membership.teamId === nameOrId.toLowerCase());
    if (byId) return byId.teamId;
  }
  const byName = memberships.filter((membership) => membership.team.name === nameOrId);
  if (byName.length === 1) return byName[0]!.teamId;
  if (byName.length > 1) throw invalidInput("team", `you belong to ${byName.length} teams named "${nameOrId}"; give the team's id`);
  throw notFound(`Team "${nameOrId}"`);
}

/** Refuses scopes naming an application the team does not have. */
async function assertScopedAppsExist(teamId: string, scopes: AppScope[]): Promise<void> {
  const slugs = scopes.map((scope) => scope.app);
  const found = await prisma.app.findMany({ where: { teamId, slug: { in: slugs } }, select: { slug: true } });
  const missing = slugs.filter((slug) => !found.some((app) => app.slug === slug));
  if (missing.length) throw invalidInput("scopes", `no application "${missing[0]}" in this team`);
}

/**
 * Creates the token; `defaultTeamId` applies when the input names no team. Made with a
 * token (`creator`), it expires no later than that token (lib/auth/token-lifetime.ts).
 */
export async function createPersonalToken(
  userId: string,
  input: CreateTokenInput,
  defaultTeamId?: string,
  creator: Pick<Principal, "via" | "tokenExpiresAt"> = { via: "password" },
): Promise<{ token: string; record: AccessTokenView }> {
  const expiresAt = limitExpiryToCreator(creator, input.expiresAt);
  const teamId = input.team ? await resolveTeamOfUser(userId, input.team) : defaultTeamId;
  if (input.scopes) await assertScopedAppsExist(teamId ?? (await resolveFirstTeam(userId)), input.scopes);
  return createAccessToken(userId, input.name, { teamId, expiresAt, scopes: input.scopes ?? null });
}

async function resolveFirstTeam(userId: string): Promise<string> {
  const first = await prisma.membership.findFirst({ where: { userId }, orderBy: [{ createdAt: "asc" }, { teamId: "asc" }], select: { teamId: true } });
  if (!first) throw notFound("Team");
  return first.teamId;
}
