// The /v2/ OCI registry handler, mounted beside Next.js by scripts/start.ts, wired to
// the same database, blob folder and secrets as the portal, with license sign-in and
// the pull ledger. closeRegistry() writes the ledger's queued rows at shutdown.
import { startAuditMaintenance } from "../../lib/audit/audit-maintenance";
import { recordRegistryChange } from "../../lib/audit/record-registry-change";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkTokenStanding } from "../../lib/auth/access-tokens";
import { grantRegistryActions, listPullableAppSlugs } from "../../lib/auth/registry-access";
import { authenticateRegistryBasic } from "../../lib/auth/registry-credentials";
import { loadServerSecrets } from "../../lib/config/secrets";
import { getConfig, resolveRegistryHost } from "../../lib/config";
import { checkLicenseStanding } from "../../lib/customers/license-auth";
import { createPullLedger, type PullLedger } from "../../lib/customers/pull-ledger";
import { resolvePullRetentionDays } from "../../lib/customers/pull-ledger-retention";
import { prisma } from "../../lib/db/client";
import { getExternalRegistryAllowList } from "../../lib/external/config";
import { getLogger } from "../../lib/observability/logger";
import { redactText } from "../../lib/observability/redact";
import { createRegistryChangeFeed, type RegistryChangeFeed } from "../../lib/registry/db/change-feed";
import { createRegistryHandler, type RegistryLogger } from "../../lib/registry/http";
import { createRegistryProxy, type RegistryProxy } from "../../lib/registry/proxy/registry-proxy";
import { createStorageDriver, describeStorage, resolveBlobRedirect, resolveStorageSettings } from "../../lib/registry/storage/storage-settings";
import { resolveUploadLimits } from "../../lib/registry/services/upload-limits";

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

let ledger: PullLedger | null = null;
let stopAuditMaintenance: (() => Promise<void>) | null = null;
let proxy: RegistryProxy | null = null;
let changeFeed: RegistryChangeFeed | null = null;

export function mountRegistry(log: (message: string) => void): Handler {
  const storageSettings = resolveStorageSettings();
  const redirectBlobs = resolveBlobRedirect();
  const retentionDays = resolvePullRetentionDays();
  const tagTtlSeconds = getConfig().PROXY_TAG_TTL;
  log(`registry: blobs in ${describeStorage(storageSettings)}${redirectBlobs ? " (downloads redirected)" : ""}; license pulls kept ${retentionDays} days; proxied tags re-checked after ${tagTtlSeconds} s`);
  const registryLog = getLogger("registry");
  // Fields can hold upstream error text and stacks: redacted before they are written.
  const redactFields = (fields?: Record<string, unknown>) => Object.fromEntries(Object.entries(fields ?? {}).map(([key, value]) => [key, typeof value === "string" ? redactText(value) : value]));
  const logger: RegistryLogger = {
    info: (message, fields) => registryLog.debug(redactFields(fields), message),
    warn: (message, fields) => registryLog.warn(redactFields(fields), message),
    error: (message, fields) => registryLog.error(redactFields(fields), message),
  };
  stopAuditMaintenance = startAuditMaintenance((message) => registryLog.warn(redactText(message)));
  const pullLedger = createPullLedger({ prisma, logger, retentionDays });
  ledger = pullLedger;
  const secrets = loadServerSecrets();
  proxy = createRegistryProxy({ prisma, secretsKey: secrets.secretsKey, allow: getExternalRegistryAllowList(), tagTtlSeconds, logger });
  return createRegistryHandler({
    prisma,
    storage: createStorageDriver(storageSettings),
    uploadLimits: resolveUploadLimits(storageSettings),
    redirectBlobs,
    tokenSecret: secrets.nextAuthSecret,
    registryHost: resolveRegistryHost(),
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    checkLicense: checkLicenseStanding,
    checkAccessToken: checkTokenStanding,
    recordChange: recordRegistryChange,
    recordPull: (event) => pullLedger.record(event),
    proxy,
    logger,
    changeFeed: openChangeFeed(registryLog),
  });
}

/** The registry's change feed (LISTEN on its own connection), so HEADs and token re-checks can reuse answers. */
function openChangeFeed(registryLog: ReturnType<typeof getLogger>): RegistryChangeFeed {
  const url = getConfig().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  changeFeed = createRegistryChangeFeed(url, (error) => registryLog.warn(`registry change feed lost its connection (answers are not reused until it is back): ${redactText(error.message)}`));
  return changeFeed;
}

/** Writes the pull ledger's queued rows and the proxy's counters; call before the database stops. */
export async function closeRegistry(): Promise<void> {
  await Promise.all([ledger?.close(), proxy?.close(), stopAuditMaintenance?.(), changeFeed?.close()]);
}
