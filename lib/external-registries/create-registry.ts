/** Adding an external registry to a team. */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import { randomUUID } from "node:crypto";
import type { Principal } from "@/lib/auth/principal";
import type { RegistryInput } from "@/lib/external/registry-input";
import { toNameTakenError } from "./name-taken-error";
import { sealRegistrySecret } from "./registry-secret";
import { REGISTRY_VIEW_SELECT, toRegistryView, type ExternalRegistryView } from "./registry-view";
import { resolveDb, resolveSecretsKey, type ServiceOptions } from "./service-options";

/**
 * Stores a registry for the principal's team from parsed input (`registryInputSchema`).
 * The id is made here first so the secret can be sealed with it as associated data.
 * A name the team already uses is `conflict` on `name`.
 */
export async function createRegistry(principal: Pick<Principal, "teamId">, input: RegistryInput, options: ServiceOptions = {}): Promise<ExternalRegistryView> {
  const id = randomUUID();
  const secretEncrypted = sealRegistrySecret(input.password, id, resolveSecretsKey(options));
  try {
    const row = await resolveDb(options).$transaction(async (tx) => {
      const created = await tx.externalRegistry.create({
        data: { id, teamId: principal.teamId, name: input.name, endpoint: input.endpoint, kind: input.kind, username: input.username, secretEncrypted },
        select: REGISTRY_VIEW_SELECT,
      });
      await recordPrincipalEvent(tx, principal, { action: "external_registry.created", target: input.name, details: { endpoint: input.endpoint } });
      return created;
    });
    return toRegistryView(row, input.endpointNotes);
  } catch (error) {
    throw toNameTakenError(error, input.name);
  }
}
