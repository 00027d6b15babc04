/**
 * What the server's bundle builds use, from its configuration: the shared Prisma client,
 * the registry's blob store, a pull-through proxy of their own (its cache is the same
 * one customers pull from, in the database and the store), the public mirror and the
 * registry host releases are previewed with.
 */
import { getConfig, resolveRegistryHost } from "@/lib/config";
import { loadServerSecrets } from "@/lib/config/secrets";
import { prisma } from "@/lib/db/client";
import { getExternalRegistryAllowList } from "@/lib/external/config";
import { createRegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import { getSharedStorageDriver } from "@/lib/registry/storage/shared-driver";
import type { AirgapBuildDeps } from "./build-bundle";
import { resolvePublicRegistryMirror } from "./public-mirror";

/** The blob store bundles are written to and served from: the registry's (filesystem or S3, REGISTRY_STORAGE). */
export function resolveBundleStorage(): StorageDriver {
  return getSharedStorageDriver();
}

/** The server's build dependencies; throws with a readable message for a bad setting. */
export function createServerAirgapDeps(): AirgapBuildDeps {
  return {
    prisma,
    storage: resolveBundleStorage(),
    proxy: createRegistryProxy({
      prisma,
      secretsKey: loadServerSecrets().secretsKey,
      allow: getExternalRegistryAllowList(),
      tagTtlSeconds: getConfig().PROXY_TAG_TTL,
    }),
    publicMirror: resolvePublicRegistryMirror(),
    registryHost: resolveRegistryHost(),
  };
}
