/**
 * Reading the pull ledger for the vendor's team: a customer's last pulls with per-image
 * counts, and which customers pulled a digest. Scoped through lib/auth/access (another
 * team's application or customer reads as not found). Counts cover the rows the ledger
 * keeps (LICENSE_PULL_RETENTION_DAYS).
 */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma } from "@/lib/db/client";
import { getCustomerRowOrThrow } from "./customers";

export const DEFAULT_PULLS_SHOWN = 50;
export const MAX_PULLS_SHOWN = 500;

export interface CustomerPull {
  repository: string;
  reference: string;
  digest: string;
  method: string;
  at: string;
  clientAddress: string;
  userAgent: string;
}

export interface ImagePullCount {
  repository: string;
  count: number;
  lastPulledAt: string;
}

export interface DigestPuller {
  id: string;
  name: string;
  count: number;
  lastPulledAt: string;
}

/** The customer's latest pulls (newest first, at most `limit`) and, per repository, how many and when last. */
export async function listCustomerPulls(
  principal: Pick<Principal, "teamId">,
  slug: string,
  customerId: string,
  options: { limit?: number } = {},
): Promise<{ pulls: CustomerPull[]; images: ImagePullCount[] }> {
  const customer = await getCustomerRowOrThrow(principal, slug, customerId);
  const limit = Math.min(Math.max(options.limit ?? DEFAULT_PULLS_SHOWN, 1), MAX_PULLS_SHOWN);
  const [rows, groups] = await Promise.all([
    prisma.licensePull.findMany({
      where: { customerId: customer.id },
      orderBy: [{ pulledAt: "desc" }, { id: "desc" }],
      take: limit,
      select: { repository: true, reference: true, digest: true, method: true, pulledAt: true, clientAddress: true, userAgent: true },
    }),
    prisma.licensePull.groupBy({ by: ["repository"], where: { customerId: customer.id }, _count: { _all: true }, _max: { pulledAt: true } }),
  ]);
  const pulls = rows.map(({ pulledAt, ...row }) => ({ ...row, at: pulledAt.toISOString() }));
  const images = groups
    .map((group) => ({ repository: group.repository, count: group._count._all, lastPulledAt: group._max.pulledAt!.toISOString() }))
    .sort((a, b) => b.lastPulledAt.localeCompare(a.lastPulledAt) || a.repository.localeCompare(b.repository));
  return { pulls, images };
}

/** The application's customers that pulled the manifest `digest`, most recent first, with how often. */
export async function listDigestPullers(principal: Pick<Principal, "teamId">, slug: string, digest: string): Promise<{ customers: DigestPuller[] }> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const groups = await prisma.licensePull.groupBy({ by: ["customerId"], where: { appId: app.id, digest }, _count: { _all: true }, _max: { pulledAt: true } });
  const names = new Map(
    (await prisma.customer.findMany({ where: { id: { in: groups.map((group) => group.customerId) }, appId: app.id }, select: { id: true, name: true } })).map((row) => [row.id, row.name]),
  );
  const customers = groups
    .filter((group) => names.has(group.customerId))
    .map((group) => ({ id: group.customerId, name: names.get(group.customerId)!, count: group._count._all, lastPulledAt: group._max.pulledAt!.toISOString() }))
    .sort((a, b) => b.lastPulledAt.localeCompare(a.lastPulledAt) || a.name.localeCompare(b.name));
  return { customers };
}
