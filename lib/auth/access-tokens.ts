/** Personal access tokens: create (secret shown once), list, revoke, authenticate. */
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import type { Principal } from "./principal";
import { displayPrefix, generateTokenSecret, hashTokenSecret, looksLikeToken } from "./token-secret";

export interface AccessTokenView {
  id: string;
  name: string;
  prefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

// Writing lastUsedAt on every registry request would turn reads into writes; a
// minute's precision is enough for "last used".
const LAST_USED_PRECISION_MS = 60_000;

const VIEW = { id: true, name: true, prefix: true, createdAt: true, lastUsedAt: true } as const;

/** Creates a token for the user; the returned secret is never stored or shown again. */
export async function createAccessToken(userId: string, name: string): Promise<{ token: string; record: AccessTokenView }> {
  const token = generateTokenSecret();
  const record = await prisma.accessToken.create({
    data: { userId, name, tokenHash: hashTokenSecret(token), prefix: displayPrefix(token) },
    select: VIEW,
  });
  return { token, record };
}

/** The user's tokens that are not revoked, newest first. */
export function listAccessTokens(userId: string): Promise<AccessTokenView[]> {
  return prisma.accessToken.findMany({ where: { userId, revokedAt: null }, orderBy: { createdAt: "desc" }, select: VIEW });
}

/** Revokes one of the user's own tokens; another user's token id reads as not found. */
export async function revokeAccessToken(userId: string, tokenId: string): Promise<void> {
  const { count } = await prisma.accessToken.updateMany({ where: { id: tokenId, userId, revokedAt: null }, data: { revokedAt: new Date() } });
  if (count === 0) throw notFound("Token");
}

/** The principal a token secret stands for, or null when it is unknown or revoked. */
export async function findPrincipalByToken(token: string): Promise<Principal | null> {
  if (!looksLikeToken(token)) return null;
  const record = await prisma.accessToken.findUnique({ where: { tokenHash: hashTokenSecret(token) }, include: { user: true } });
  if (!record || record.revokedAt) return null;
  const now = Date.now();
  if (!record.lastUsedAt || now - record.lastUsedAt.getTime() > LAST_USED_PRECISION_MS) {
    await prisma.accessToken.update({ where: { id: record.id }, data: { lastUsedAt: new Date(now) } });
  }
  const { user } = record;
  return { userId: user.id, teamId: user.teamId, email: user.email, name: user.name, via: "token", tokenName: record.name };
}
