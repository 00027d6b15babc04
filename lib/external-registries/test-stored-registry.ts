/** "Test connection" for a saved registry, with its stored credentials. */
import { actorOf, type AuditPrincipal } from "@/lib/audit/audit-actor";
import { recordAuditEventNow } from "@/lib/audit/record-audit-event";
import type { Principal } from "@/lib/auth/principal";
import { getExternalRegistryAllowList } from "@/lib/external/config";
import type { ConnectionTestRequest } from "@/lib/external/registry-input";
import { testRegistryConnection, type ConnectionTestResult } from "@/lib/external/test-registry-connection";
import { findRegistryOrThrow } from "./find-registry-or-throw";
import { openRegistrySecret } from "./registry-secret";
import { resolveDb, resolveSecretsKey, type ServiceOptions } from "./service-options";

/**
 * Runs the step-by-step connection test against the team's registry `name`, optionally
 * looking up `image:tag` (relative to the endpoint's namespace). The SSRF guard uses the
 * operator's EXTERNAL_REGISTRY_ALLOW. Step messages never contain the stored secret.
 */
export async function testStoredRegistry(
  principal: Pick<Principal, "teamId"> & AuditPrincipal,
  name: string,
  request: ConnectionTestRequest,
  options: ServiceOptions = {},
): Promise<ConnectionTestResult> {
  const registry = await findRegistryOrThrow(resolveDb(options), principal, name);
  const password = openRegistrySecret(registry, resolveSecretsKey(options));
  const result = await testRegistryConnection(
    { endpoint: registry.endpoint, username: registry.username, password, image: request.image, tag: request.tag },
    { allow: getExternalRegistryAllowList() },
  );
  // Not a database change: its own audit write (spooled if that fails).
  await recordAuditEventNow({ teamId: principal.teamId, actor: actorOf(principal), action: "external_registry.tested", target: registry.name, details: { ok: result.ok } });
  return result;
}
