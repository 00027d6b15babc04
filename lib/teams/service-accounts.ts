/**
 * Service accounts: robot accounts of one team for CI, with scopes per application
 * (pull, push, delete, releases:write), an optional expiry and a description. Each has
 * one token, shown once at creation; its registry username (`docker login -u`) is
 * `sa-<name>-<first 8 characters of the team id>`, unique across teams. Deleting the
 * account deletes its token, so its registry tokens stop at their next request.
 */
import { z } from "zod";
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import { appScopesSchema, readStoredScopes, type AppScope } from "@/lib/auth/roles";
import { expiresAtSchema } from "@/lib/auth/token-input";
import { displayPrefix, generateTokenSecret, hashTokenSecret } from "@/lib/auth/token-secret";
import { limitExpiryToCreator } from "@/lib/auth/token-lifetime";
import { Prisma, prisma } from "@/lib/db/client";
import { AppError, invalidInput, notFound } from "@/lib/errors";
import { isUuid } from "./memberships";

export const createServiceAccountSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, "enter a name")
    .max(40, "must be at most 40 characters")
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, "use lowercase letters, digits and single hyphens, such as github-ci"),
  description: z.string().trim().max(500, "must be at most 500 characters").optional().default(""),
  expiresAt: expiresAtSchema,
  scopes: appScopesSchema.refine((scopes) => scopes.length > 0, "give at least one application scope"),
});
export type CreateServiceAccountInput = z.infer<typeof createServiceAccountSchema>;

export interface ServiceAccountView {
  id: string;
  name: string;
  username: string;
  description: string;
  scopes: AppScope[];
  expiresAt: Date | null;
  createdAt: Date;
  createdBy: string;
  lastUsedAt: Date | null;
}

const SELECT = {
  id: true,
  name: true,
  username: true,
  description: true,
  scopes: true,
  expiresAt: true,
  createdAt: true,
  createdBy: { select: { email: true } },
  tokens: { select: { lastUsedAt: true }, where: { revokedAt: null } },
} as const;

type Row = Prisma.ServiceAccountGetPayload<{ select: typeof SELECT }>;

function toView(row: Row): ServiceAccountView {
  const lastUsed = row.tokens.map((token) => token.lastUsedAt).filter((date): date is Date => date !== null);
  return {
    id: row.id,
    name: row.name,
    username: row.username,
    description: row.description,
    scopes: readStoredScopes(row.scopes),
    expiresAt: row.expiresAt,
    createdAt: row.createdAt,
    createdBy: row.createdBy.email,
    lastUsedAt: lastUsed.length ? new Date(Math.max(...lastUsed.map((date) => date.getTime()))) : null,
  };
}

/** The registry username for an account name in a team. */
export function serviceAccountUsername(name: string, teamId: string): string {
  return `sa-${name}-${teamId.slice(0, 8)}`;
}

/** Creates the account and its token (returned once); scopes must name apps of the team. */
export async function createServiceAccount(
  principal: Pick<Principal, "teamId" | "userId" | "kind" | "email" | "serviceAccountId"> & Partial<Pick<Principal, "via" | "tokenExpiresAt">>,
  requested: CreateServiceAccountInput,
): Promise<{ serviceAccount: ServiceAccountView; token: string }> {
  if (requested.expiresAt && requested.expiresAt.getTime() <= Date.now()) throw invalidInput("expiresAt", "must be in the future");
  // Made with a token, the account lives no longer than that token.
  const input = { ...requested, expiresAt: limitExpiryToCreator({ via: principal.via ?? "session", tokenExpiresAt: principal.tokenExpiresAt }, requested.expiresAt) };
  const slugs = input.scopes.map((scope) => scope.app);
  const apps = await prisma.app.findMany({ where: { teamId: principal.teamId, slug: { in: slugs } }, select: { slug: true } });
  const unknown = slugs.find((slug) => !apps.some((app) => app.slug === slug));
  if (unknown) throw invalidInput("scopes", `no application "${unknown}" in this team`);
  const token = generateTokenSecret();
  try {
    return await prisma.$transaction(async (tx) => {
      const account = await tx.serviceAccount.create({
        data: {
          teamId: principal.teamId,
          name: input.name,
          username: serviceAccountUsername(input.name, principal.teamId),
          description: input.description,
          scopes: input.scopes as unknown as Prisma.InputJsonArray,
          expiresAt: input.expiresAt,
          createdById: principal.userId,
          tokens: {
            create: { teamId: principal.teamId, name: input.name, tokenHash: hashTokenSecret(token), prefix: displayPrefix(token), expiresAt: input.expiresAt },
          },
        },
        select: SELECT,
      });
      await recordPrincipalEvent(tx, principal, {
        action: "service_account.created",
        target: account.username,
        details: { serviceAccountId: account.id, scopes: input.scopes, expiresAt: input.expiresAt },
      });
      return { serviceAccount: toView(account), token };
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `A service account named "${input.name}" already exists in this team.`, { details: [{ path: "name", issue: "already taken" }] });
    }
    throw error;
  }
}

/** The team's service accounts, newest first. */
export async function listServiceAccounts(principal: Pick<Principal, "teamId">): Promise<ServiceAccountView[]> {
  const rows = await prisma.serviceAccount.findMany({ where: { teamId: principal.teamId }, orderBy: { createdAt: "desc" }, select: SELECT });
  return rows.map(toView);
}

/** One of the team's service accounts; another team's reads as not found. */
export async function getServiceAccount(principal: Pick<Principal, "teamId">, id: string): Promise<ServiceAccountView> {
  const row = isUuid(id) ? await prisma.serviceAccount.findFirst({ where: { id, teamId: principal.teamId }, select: SELECT }) : null;
  if (!row) throw notFound("Service account");
  return toView(row);
}

/** Deletes the account and its token. */
export async function deleteServiceAccount(principal: Pick<Principal, "teamId" | "userId" | "kind" | "email" | "serviceAccountId">, id: string): Promise<void> {
  if (!isUuid(id)) throw notFound("Service account");
  await prisma.$transaction(async (tx) => {
    const row = await tx.serviceAccount.findFirst({ where: { id, teamId: principal.teamId }, select: { id: true, username: true } });
    if (!row) throw notFound("Service account");
    await tx.serviceAccount.delete({ where: { id: row.id } });
    await recordPrincipalEvent(tx, principal, { action: "service_account.deleted", target: row.username, details: { serviceAccountId: row.id } });
  });
}
