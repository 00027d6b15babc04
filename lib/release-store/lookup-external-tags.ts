/**
 * On-request check that external images exist upstream: each tag is looked up with a
 * manifest HEAD through the external registry client, using the team's stored (and
 * decrypted) credentials. Failures become per-image messages, never a failed preview.
 */
import { registriesVisibleTo } from "@/lib/auth/access";
import { loadServerSecrets } from "@/lib/config/secrets";
import { describeError, getLogger } from "@/lib/observability/logger";
import { prisma } from "@/lib/db/client";
import { isAppError } from "@/lib/errors";
import type { AllowList } from "@/lib/external/address-guard";
import { getExternalRegistryAllowList } from "@/lib/external/config";
import { normaliseEndpoint } from "@/lib/external/endpoint";
import { checkTagExists, type RegistryConnection } from "@/lib/external/registry-client";
import { openRegistrySecret } from "@/lib/external-registries/registry-secret";
import type { UpstreamLookup, UpstreamTagCheck } from "@/lib/releases";

/** More distinct external images than this in one request are left unchecked. */
export const MAX_EXTERNAL_LOOKUPS = 30;
const PARALLEL_LOOKUPS = 4;

export interface ExternalLookupOptions {
  /** Hosts exempt from the SSRF guard; default `EXTERNAL_REGISTRY_ALLOW`. */
  allow?: AllowList;
  /** Key that opens stored secrets; default the server's. */
  secretsKey?: Buffer;
  timeoutMs?: number;
}

type StoredRegistry = { id: string; name: string; endpoint: string; username: string; secretEncrypted: string };

/** Checks up to MAX_EXTERNAL_LOOKUPS upstream tags of the team's registries; results keyed by look-up key. */
export async function lookupExternalTags(teamId: string, lookups: readonly UpstreamLookup[], options: ExternalLookupOptions = {}): Promise<Record<string, UpstreamTagCheck>> {
  const batch = lookups.slice(0, MAX_EXTERNAL_LOOKUPS);
  if (batch.length === 0) return {};
  const rows = await prisma.externalRegistry.findMany({
    where: { ...registriesVisibleTo({ teamId }), name: { in: [...new Set(batch.map((lookup) => lookup.externalRegistry))] } },
    select: { id: true, name: true, endpoint: true, username: true, secretEncrypted: true },
  });
  const registries = new Map(rows.map((row) => [row.name, row]));
  const results: Record<string, UpstreamTagCheck> = {};
  await runLimited(batch, PARALLEL_LOOKUPS, async (lookup) => {
    results[lookup.key] = await checkOne(lookup, registries.get(lookup.externalRegistry), options);
  });
  return results;
}

async function checkOne(lookup: UpstreamLookup, registry: StoredRegistry | undefined, options: ExternalLookupOptions): Promise<UpstreamTagCheck> {
  if (!registry) return { exists: false, message: `the registry "${lookup.externalRegistry}" is no longer registered` };
  try {
    const connection = openConnection(registry, options);
    const image = toImagePath(registry.endpoint, lookup.repository);
    const reference = lookup.digest ?? lookup.tag ?? "latest";
    const exists = await checkTagExists(connection, image, reference, { allow: options.allow ?? getExternalRegistryAllowList(), timeoutMs: options.timeoutMs });
    return { exists };
  } catch (error) {
    // UpstreamError messages are already scrubbed of the stored secret.
    const reason = isAppError(error) ? error.message : "the check failed unexpectedly";
    if (!isAppError(error)) getLogger("releases").error({ err: describeError(error), image: lookup.key }, "upstream tag check failed");
    return { exists: false, message: `could not check: ${reason}` };
  }
}

/** Server use only: the decrypted secret goes straight to the client, which redacts it from upstream text. */
function openConnection(registry: StoredRegistry, options: ExternalLookupOptions): RegistryConnection {
  const password = registry.secretEncrypted ? openRegistrySecret(registry, options.secretsKey ?? loadServerSecrets().secretsKey) : "";
  return { endpoint: registry.endpoint, username: registry.username || undefined, password: password || undefined };
}

/** The repository path relative to the endpoint's namespace, as the client expects it. */
function toImagePath(endpoint: string, repository: string): string {
  const namespace = normaliseEndpoint(endpoint).namespace;
  return namespace && repository.startsWith(`${namespace}/`) ? repository.slice(namespace.length + 1) : repository;
}

async function runLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
