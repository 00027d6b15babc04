/**
 * SERVER USE ONLY. The decrypted credentials of a team's registry, for requests the
 * server itself makes upstream (the release preview's tag check, later the pull-through
 * proxy). Never put the result, or any part of it, into a response, a page, a log line
 * or an error message; pass it straight to `headManifest`/`checkTagExists`, which
 * redact it from upstream text.
 */
import { findRegistryOrThrow } from "./find-registry-or-throw";
import { openRegistrySecret } from "./registry-secret";
import { resolveDb, resolveSecretsKey, type ServiceOptions } from "./service-options";

/** The shape `RegistryConnection` in lib/external/registry-client.ts takes. */
export interface ServerSideRegistryCredentials {
  endpoint: string;
  username: string;
  /** The plaintext secret. Server use only. */
  password: string;
}

/**
 * Decrypts the stored secret of registry `name` in team `teamId` (`not_found` when the
 * team has no such registry). SERVER USE ONLY: never return this to a client.
 */
export async function getRegistryCredentialsForServerUse(teamId: string, name: string, options: ServiceOptions = {}): Promise<ServerSideRegistryCredentials> {
  const registry = await findRegistryOrThrow(resolveDb(options), { teamId }, name);
  return { endpoint: registry.endpoint, username: registry.username, password: openRegistrySecret(registry, resolveSecretsKey(options)) };
}
