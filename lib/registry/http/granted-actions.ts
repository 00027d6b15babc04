/**
 * lib/auth's answer to "which of these actions may this identity take on this
 * repository", reused between requests while the change feed hears of no change to
 * teams, apps, memberships, users, access tokens or service accounts (the tables the
 * answer is read from). A CI job that pushes runs a fresh client each time: without
 * this, each push asked the same two questions at the token endpoint and again on its
 * first request (the password token's re-check in authorize.ts). A license's answer
 * needs no database and is not kept. Without a live feed, every call asks.
 */
import { notifiedCachePerOwner } from "@/lib/registry/db/notified-cache";
import type { RegistryHandlerOptions, RegistryIdentity, RegistryUserIdentity } from "@/lib/registry/http/context";
import type { RegistryAction } from "@/lib/registry/token/scopes";

const MAX_CACHED_GRANTS = 4096;

const grantCache = notifiedCachePerOwner<RegistryAction[]>({ topic: "access", maxEntries: MAX_CACHED_GRANTS });

/** Everything about a user identity the answer depends on, with the repository and the actions asked. */
function grantKey(identity: RegistryUserIdentity, repositoryName: string, requested: RegistryAction[]): string {
  const asked = [...new Set(requested)].sort();
  return JSON.stringify([identity.userId, identity.teamId ?? null, identity.scopes ?? null, identity.serviceAccountId ?? null, repositoryName, asked]);
}

/** options.grantActions, answered from the cache while nothing it depends on has changed. */
export function grantActionsCached(options: RegistryHandlerOptions, identity: RegistryIdentity, repositoryName: string, requested: RegistryAction[]): Promise<RegistryAction[]> {
  const ask = () => options.grantActions(identity, repositoryName, requested);
  if (identity.kind !== "user" || !options.changeFeed) return ask();
  return grantCache(options, options.changeFeed).get(grantKey(identity, repositoryName, requested), ask);
}
