/** Removing an external registry from a team. */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import { lockRegistryOrThrow } from "./find-registry-or-throw";
import { refuseWhileUsedByReleases } from "./registry-usage";
import { resolveDb, type ServiceOptions } from "./service-options";

/**
 * Deletes the team's registry `name`, or refuses with `conflict` naming the releases
 * while a saved release uses it as a source. The row stays locked from the check to
 * the delete, so the answer cannot go stale in between.
 */
export async function deleteRegistry(principal: Pick<Principal, "teamId">, name: string, options: ServiceOptions = {}): Promise<void> {
  await resolveDb(options).$transaction(async (tx) => {
    const current = await lockRegistryOrThrow(tx, principal, name);
    await refuseWhileUsedByReleases(tx, current.teamId, current.name, "delete");
    await tx.externalRegistry.delete({ where: { id: current.id } });
    await recordPrincipalEvent(tx, principal, { action: "external_registry.deleted", target: current.name });
  });
}
