/** Editing an external registry: any of name, endpoint, username and password. */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import type { RegistryUpdateInput } from "@/lib/external/registry-input";
import { lockRegistryOrThrow } from "./find-registry-or-throw";
import { toNameTakenError } from "./name-taken-error";
import { refuseWhileUsedByReleases } from "./registry-usage";
import { sealRegistrySecret } from "./registry-secret";
import { REGISTRY_VIEW_SELECT, toRegistryView, type ExternalRegistryView } from "./registry-view";
import { requireSecretForNewServer } from "./secret-destination";
import { resolveDb, resolveSecretsKey, type ServiceOptions } from "./service-options";

/**
 * Applies parsed changes (`registryUpdateSchema`) to the team's registry `name`. Fields
 * left out stay; a blank password keeps the stored secret, a new one is sealed and moves
 * `secretUpdatedAt`. Renaming is refused (`conflict` on `name`) while a saved release
 * uses the old name as a source, and moving to another server needs the secret again.
 */
export async function updateRegistry(
  principal: Pick<Principal, "teamId">,
  name: string,
  input: RegistryUpdateInput,
  options: ServiceOptions = {},
): Promise<ExternalRegistryView> {
  const key = input.password ? resolveSecretsKey(options) : undefined;
  try {
    return await resolveDb(options).$transaction(async (tx) => {
      const current = await lockRegistryOrThrow(tx, principal, name);
      if (input.name !== undefined && input.name !== current.name) await refuseWhileUsedByReleases(tx, current.teamId, current.name, "rename");
      requireSecretForNewServer(current.endpoint, input);
      const secret = input.password && key ? { secretEncrypted: sealRegistrySecret(input.password, current.id, key), secretUpdatedAt: new Date() } : {};
      const updated = await tx.externalRegistry.update({
        where: { id: current.id },
        data: { name: input.name, endpoint: input.endpoint, kind: input.kind, username: input.username, ...secret },
        select: REGISTRY_VIEW_SELECT,
      });
      const changed = Object.entries(input).filter(([field, value]) => value !== undefined && field !== "endpointNotes").map(([field]) => field);
      await recordPrincipalEvent(tx, principal, { action: "external_registry.updated", target: current.name, details: { changed } });
      return toRegistryView(updated, input.endpointNotes);
    });
  } catch (error) {
    throw input.name ? toNameTakenError(error, input.name) : error;
  }
}
