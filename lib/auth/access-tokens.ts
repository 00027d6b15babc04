/**
 * Access tokens: create (secret shown once), list, revoke, authenticate. A personal
 * token belongs to one person in one team and acts with their current role there,
 * narrowed by its scopes; a service account's token acts with the account's scopes.
 * Expired or revoked tokens, and tokens of people who left the team, stop at once.
 */
import { recordAuditEvent } from "@/lib/audit/record-audit-event";
import { Prisma, prisma } from "@/lib/db/client";
import { queryRows } from "@/lib/db/sql";
import { AppError, notFound } from "@/lib/errors";
import { isUuid } from "@/lib/teams/memberships";
import type { Principal } from "./principal";
import { readStoredScopes, type AppScope, type Role } from "./roles";
import { displayPrefix, generateTokenSecret, hashTokenSecret, looksLikeToken } from "./token-secret";

export interface AccessTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  scopes: AppScope[] | null;
  team: { id: string; name: string };
}

// Writing lastUsedAt on every registry request would turn reads into writes; a
// minute's precision is enough for "last used".
const LAST_USED_PRECISION_MS = 60_000;

const VIEW = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true, expiresAt: true, scopes: true, team: { select: { id: true, name: true } } } as const;

type TokenRow = Omit<AccessTokenView, "scopes"> & { scopes: unknown };

function toView(row: TokenRow): AccessTokenView {
  const { id, name, prefix, createdAt, lastUsedAt, expiresAt, team } = row;
  return { id, name, prefix, createdAt, lastUsedAt, expiresAt, team, scopes: row.scopes === null ? null : readStoredScopes(row.scopes) };
}

export interface NewTokenOptions {
  /** The team the token acts in; default: the person's first team (the one they created or first joined). */
  teamId?: string;
  expiresAt?: Date | null;
  scopes?: AppScope[] | null;
}

/** Refuses an expiry that has already passed (a token that could never be used). */
function assertFutureExpiry(expiresAt: Date | null | undefined): void {
  if (expiresAt && expiresAt.getTime() <= Date.now()) {
    throw new AppError("invalid_input", "The expiry date must be in the future.", { details: [{ path: "expiresAt", issue: "must be in the future" }] });
  }
}

/**
 * Creates a personal token for the user in one of their teams (`not_found` for a team
 * they are not in); the returned secret is never stored or shown again.
 */
export async function createAccessToken(userId: string, name: string, options: NewTokenOptions = {}): Promise<{ token: string; record: AccessTokenView }> {
  assertFutureExpiry(options.expiresAt);
  const membership = await prisma.membership.findFirst({
    where: { userId, ...(options.teamId ? { teamId: options.teamId } : {}) },
    orderBy: [{ createdAt: "asc" }, { teamId: "asc" }],
    select: { teamId: true },
  });
  if (!membership) throw notFound("Team");
  const token = generateTokenSecret();
  return prisma.$transaction(async (tx) => {
    const record = await tx.accessToken.create({
      data: {
        userId,
        teamId: membership.teamId,
        name,
        tokenHash: hashTokenSecret(token),
        prefix: displayPrefix(token),
        expiresAt: options.expiresAt ?? null,
        scopes: options.scopes ? (options.scopes as unknown as Prisma.InputJsonArray) : Prisma.DbNull,
      },
      select: VIEW,
    });
    const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true } });
    await recordAuditEvent(tx, {
      teamId: membership.teamId,
      actor: { kind: "person", id: userId, name: user.email },
      action: "token.created",
      target: name,
      details: { tokenId: record.id, expiresAt: record.expiresAt, scopes: options.scopes ?? null },
    });
    return { token, record: toView(record) };
  });
}

/** The user's tokens that are not revoked (expired ones included, marked by expiresAt), newest first. */
export async function listAccessTokens(userId: string): Promise<AccessTokenView[]> {
  const rows = await prisma.accessToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: VIEW });
  return rows.map(toView);
}

/** Revokes one of the user's own tokens; another user's token id reads as not found. */
export async function revokeAccessToken(userId: string, tokenId: string): Promise<void> {
  if (!isUuid(tokenId)) throw notFound("Token");
  await prisma.$transaction(async (tx) => {
    const row = await tx.accessToken.findFirst({ where: { id: tokenId, userId, revokedAt: null }, select: { id: true, name: true, teamId: true, user: { select: { email: true } } } });
    if (!row) throw notFound("Token");
    await tx.accessToken.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, { teamId: row.teamId, actor: { kind: "person", id: userId, name: row.user?.email ?? "" }, action: "token.revoked", target: row.name, details: { tokenId: row.id } });
  });
}

/** Why a token row cannot be used now, or null when it can. */
function explainUnusable(record: { revokedAt: Date | null; expiresAt: Date | null }, now: Date): string | null {
  if (record.revokedAt) return "revoked";
  if (record.expiresAt && record.expiresAt <= now) return "expired";
  return null;
}

/** The principal a token secret stands for, or null when it is unknown, revoked, expired or its holder lost access. */
export async function findPrincipalByToken(token: string): Promise<Principal | null> {
  if (!looksLikeToken(token)) return null;
  const record = await loadTokenRecord({ tokenHash: hashTokenSecret(token) });
  const now = new Date();
  if (!record || explainUnusable(record, now)) return null;
  const principal = principalForTokenRecord(record, now);
  if (!principal) return null;
  if (!record.lastUsedAt || now.getTime() - record.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await prisma.accessToken.update({ where: { id: record.id }, data: { lastUsedAt: now } });
  }
  return principal;
}

/** A token row with what decides its principal: its holder (a person or a service account) and the person's role in the token's team. */
interface TokenRecord {
  id: string;
  teamId: string;
  name: string;
  scopes: unknown;
  expiresAt: Date | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  user: { id: string; email: string; name: string; deletedAt: Date | null } | null;
  serviceAccount: { id: string; name: string; username: string; scopes: unknown; expiresAt: Date | null; createdById: string } | null;
  /** The person's role in the token's team; null when they are not in it (or the token is a service account's). */
  role: Role | null;
}

interface TokenRecordRow extends Omit<TokenRecord, "user" | "serviceAccount"> {
  userId: string | null;
  userEmail: string | null;
  userName: string | null;
  userDeletedAt: Date | null;
  accountId: string | null;
  accountName: string | null;
  accountUsername: string | null;
  accountScopes: unknown;
  accountExpiresAt: Date | null;
  accountCreatedById: string | null;
}

/**
 * The token by its secret's hash or its id, in one statement: every registry login and
 * API call with a token reads it (a CI pipeline's service account on each push). As
 * Prisma reads with its holder and the membership it was four statements, 3 ms a call.
 */
async function loadTokenRecord(by: { tokenHash: string } | { id: string }): Promise<TokenRecord | null> {
  const where = "id" in by ? Prisma.sql`t.id = ${by.id}::uuid` : Prisma.sql`t."tokenHash" = ${by.tokenHash}`;
  const [row] = await queryRows<TokenRecordRow>(
    prisma,
    Prisma.sql`
      SELECT t.id::text AS id, t."teamId"::text AS "teamId", t.name, t.scopes, t."expiresAt", t."lastUsedAt", t."revokedAt",
        u.id::text AS "userId", u.email AS "userEmail", u.name AS "userName", u."deletedAt" AS "userDeletedAt",
        s.id::text AS "accountId", s.name AS "accountName", s.username AS "accountUsername", s.scopes AS "accountScopes",
        s."expiresAt" AS "accountExpiresAt", s."createdById"::text AS "accountCreatedById",
        m.role::text AS role
      FROM "AccessToken" t
      LEFT JOIN "User" u ON u.id = t."userId"
      LEFT JOIN "ServiceAccount" s ON s.id = t."serviceAccountId"
      LEFT JOIN "Membership" m ON m."teamId" = t."teamId" AND m."userId" = t."userId"
      WHERE ${where}`,
  );
  if (!row) return null;
  const { userId, userEmail, userName, userDeletedAt, accountId, accountName, accountUsername, accountScopes, accountExpiresAt, accountCreatedById, ...token } = row;
  return {
    ...token,
    user: userId ? { id: userId, email: userEmail!, name: userName!, deletedAt: userDeletedAt } : null,
    serviceAccount: accountId
      ? { id: accountId, name: accountName!, username: accountUsername!, scopes: accountScopes, expiresAt: accountExpiresAt, createdById: accountCreatedById! }
      : null,
  };
}

function principalForTokenRecord(record: TokenRecord, now: Date): Principal | null {
  const base = { teamId: record.teamId, via: "token" as const, tokenName: record.name, tokenId: record.id, tokenExpiresAt: record.expiresAt };
  if (record.serviceAccount) {
    const account = record.serviceAccount;
    if (account.expiresAt && account.expiresAt <= now) return null;
    return {
      ...base,
      tokenExpiresAt: earliest(record.expiresAt, account.expiresAt),
      kind: "service-account",
      userId: account.createdById,
      role: "developer",
      scopes: readStoredScopes(account.scopes),
      email: account.username,
      name: account.name,
      serviceAccountId: account.id,
    };
  }
  const user = record.user;
  if (!user || user.deletedAt || !record.role) return null;
  const scopes = record.scopes === null ? null : readStoredScopes(record.scopes);
  return { ...base, kind: "person", userId: user.id, role: record.role, scopes, email: user.email, name: user.name };
}

/**
 * Why the token with this id no longer works (revoked, expired, holder gone), or null
 * while it does: the registry re-checks the token its bearer tokens were issued from.
 */
export async function checkTokenStanding(tokenId: string): Promise<string | null> {
  if (!isUuid(tokenId)) return "the access token no longer exists";
  const record = await loadTokenRecord({ id: tokenId });
  if (!record) return "the access token no longer exists";
  const now = new Date();
  const unusable = explainUnusable(record, now);
  if (unusable) return `the access token was ${unusable}`;
  return principalForTokenRecord(record, now) ? null : "the access token's holder no longer has access";
}

/** Whose token a secret is, whatever its state (for the audit log of a refused one), or null for an unknown secret. */
export async function findTokenHolder(token: string): Promise<{ teamId: string; tokenName: string; reason: string; actor: { kind: "person" | "service-account"; id: string; name: string } } | null> {
  if (!looksLikeToken(token)) return null;
  const record = await loadTokenRecord({ tokenHash: hashTokenSecret(token) });
  if (!record) return null;
  const reason = explainUnusable(record, new Date()) ?? "holder lost access";
  const actor = record.serviceAccount
    ? { kind: "service-account" as const, id: record.serviceAccount.id, name: record.serviceAccount.username }
    : { kind: "person" as const, id: record.user?.id ?? "", name: record.user?.email ?? "" };
  return { teamId: record.teamId, tokenName: record.name, reason: `token ${reason}`, actor };
}

/** The principal of a usable token by its id (no `lastUsedAt` write), or null. */
export async function findPrincipalByTokenId(tokenId: string): Promise<Principal | null> {
  if (!isUuid(tokenId)) return null;
  const record = await loadTokenRecord({ id: tokenId });
  const now = new Date();
  if (!record || explainUnusable(record, now)) return null;
  return principalForTokenRecord(record, now);
}

function earliest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b;
  if (!b) return a;
  return a < b ? a : b;
}
