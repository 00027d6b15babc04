/**
 * Loading one registry by name within the principal's team. Another team's registry
 * and a missing one read the same: `not_found`.
 */
import { registriesVisibleTo } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import type { Prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";

type Db = Prisma.TransactionClient;

/** The full row (with the sealed secret: server use only) or `not_found`. */
export async function findRegistryOrThrow(db: Db, principal: Pick<Principal, "teamId">, name: string) {
  const row = await db.externalRegistry.findFirst({ where: { name, ...registriesVisibleTo(principal) } });
  if (!row) throw notFound(`External registry "${name}"`);
  return row;
}

/**
 * Inside a transaction: locks the team's registry row (`FOR UPDATE`) and then reads it
 * (without the secret),
 * so a check made afterwards (is a release using it?) holds until the commit. A release
 * writer that locks the registries it names `FOR SHARE` cannot slip in between.
 */
export async function lockRegistryOrThrow(tx: Db, principal: Pick<Principal, "teamId">, name: string) {
  const { teamId } = registriesVisibleTo(principal);
  const locked = await tx.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "ExternalRegistry" WHERE "teamId" = ${teamId}::uuid AND "name" = ${name} FOR UPDATE`;
  if (locked.length === 0) throw notFound(`External registry "${name}"`);
  return tx.externalRegistry.findUniqueOrThrow({ where: { id: locked[0].id }, select: { id: true, teamId: true, name: true, endpoint: true } });
}
