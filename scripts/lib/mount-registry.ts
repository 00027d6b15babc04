// The /v2/ OCI registry handler, mounted beside Next.js by scripts/start.ts, wired to
// the same database, blob folder and secrets as the portal.
import type { IncomingMessage, ServerResponse } from "node:http";
import { grantRegistryActions, listPullableAppSlugs } from "../../lib/auth/registry-access";
import { authenticateRegistryBasic } from "../../lib/auth/registry-credentials";
import { loadServerSecrets } from "../../lib/config/secrets";
import { resolveRegistryHost } from "../../lib/config/registry-host";
import { prisma } from "../../lib/db/client";
import { createRegistryHandler } from "../../lib/registry/http";
import { resolveRegistryConfig } from "../../lib/registry/config";
import { FilesystemStorageDriver } from "../../lib/registry/storage/fs-driver";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function mountRegistry(log: (message: string) => void): Handler {
  const { storageDir } = resolveRegistryConfig();
  log(`registry: blobs in ${storageDir}`);
  return createRegistryHandler({
    prisma,
    storage: new FilesystemStorageDriver(storageDir),
    tokenSecret: loadServerSecrets().nextAuthSecret,
    registryHost: resolveRegistryHost(),
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    logger: {
      info: () => undefined,
      warn: (message, fields) => console.warn(`[registry] ${message}`, fields ?? ""),
      error: (message, fields) => console.error(`[registry] ${message}`, fields ?? ""),
    },
  });
}
