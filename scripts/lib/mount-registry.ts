// The /v2/ OCI registry handler, mounted beside Next.js by scripts/start.ts, wired to
// the same database, blob folder and secrets as the portal, with license sign-in and
// the pull ledger. closeRegistry() writes the ledger's queued rows at shutdown.
import type { IncomingMessage, ServerResponse } from "node:http";
import { grantRegistryActions, listPullableAppSlugs } from "../../lib/auth/registry-access";
import { authenticateRegistryBasic } from "../../lib/auth/registry-credentials";
import { loadServerSecrets } from "../../lib/config/secrets";
import { resolveRegistryHost } from "../../lib/config/registry-host";
import { checkLicenseStanding } from "../../lib/customers/license-auth";
import { createPullLedger, type PullLedger } from "../../lib/customers/pull-ledger";
import { resolvePullRetentionDays } from "../../lib/customers/pull-ledger-retention";
import { prisma } from "../../lib/db/client";
import { createRegistryHandler, type RegistryLogger } from "../../lib/registry/http";
import { resolveRegistryConfig } from "../../lib/registry/config";
import { FilesystemStorageDriver } from "../../lib/registry/storage/fs-driver";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

let ledger: PullLedger | null = null;

export function mountRegistry(log: (message: string) => void): Handler {
  const { storageDir } = resolveRegistryConfig();
  const retentionDays = resolvePullRetentionDays();
  log(`registry: blobs in ${storageDir}; license pulls kept ${retentionDays} days`);
  const logger: RegistryLogger = {
    info: () => undefined,
    warn: (message, fields) => console.warn(`[registry] ${message}`, fields ?? ""),
    error: (message, fields) => console.error(`[registry] ${message}`, fields ?? ""),
  };
  const pullLedger = createPullLedger({ prisma, logger, retentionDays });
  ledger = pullLedger;
  return createRegistryHandler({
    prisma,
    storage: new FilesystemStorageDriver(storageDir),
    tokenSecret: loadServerSecrets().nextAuthSecret,
    registryHost: resolveRegistryHost(),
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    checkLicense: checkLicenseStanding,
    recordPull: (event) => pullLedger.record(event),
    logger,
  });
}

/** Writes the pull ledger's queued rows; call before the database stops. */
export async function closeRegistry(): Promise<void> {
  await ledger?.close();
}
