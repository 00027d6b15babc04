/**
 * What the /v2/ handlers are given: the server's dependencies (options) and, per
 * request, the matched route and the authenticated caller.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@/lib/db/client";
import type { RegistryChangeFeed } from "@/lib/registry/db/change-feed";
import type { RouteMatch } from "@/lib/registry/http/routes";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import type { UploadLimits } from "@/lib/registry/services/upload-limits";
import type { RegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import type { AccessEntry, RegistryAction } from "@/lib/registry/token/scopes";
import type { LicenseClaim } from "@/lib/registry/token/token-service";

export interface RegistryLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A person (password or personal access token) or a service account (its token) at the token endpoint. */
export interface RegistryUserIdentity {
  kind: "user";
  userId: string;
  /** The person's e-mail, or the service account's username. */
  email: string;
  via: "password" | "token";
  tokenName?: string;
  /** The access token used: registry tokens from it are re-checked against it and end when it expires. */
  tokenId?: string;
  tokenExpiresAt?: Date | null;
  /** A token acts in one team only. */
  teamId?: string;
  /** Per-application scopes that narrow the role (lib/auth/roles.ts); absent: the whole role. */
  scopes?: { app: string; actions: string[] }[] | null;
  /** Set for a service account (then `userId` is the person who created it). */
  serviceAccountId?: string;
}

/** A customer's license: pull only, within one application. */
export interface RegistryLicenseIdentity {
  kind: "license";
  customerId: string;
  customerName: string;
  appId: string;
  appSlug: string;
  licenseFingerprint: string;
}

/** Who a set of credentials belongs to. */
export type RegistryIdentity = RegistryUserIdentity | RegistryLicenseIdentity;

/** One manifest answered 200 to a license caller: a row of the pull ledger. */
export interface LicensePullEvent {
  customerId: string;
  appId: string;
  repository: string;
  /** The reference as requested: a tag or a digest. */
  reference: string;
  /** The digest of the manifest served. */
  digest: string;
  method: "GET" | "HEAD";
  clientAddress: string;
  userAgent: string;
  pulledAt: Date;
}

export interface RegistryHandlerOptions {
  prisma: PrismaClient;
  storage: StorageDriver;
  /** The secret registry tokens are signed with (HS256, via a derived key). */
  tokenSecret: string | Uint8Array;
  tokenTtlSeconds?: number;
  /** REGISTRY_HOST: the `service` in challenges and tokens. Null or absent: the Host the request came to. */
  registryHost?: string | null;
  /** The portal's public origin (for the token realm). Absent: derived from the request (Host, X-Forwarded-Proto). */
  publicOrigin?: string | ((req: IncomingMessage) => string);
  /**
   * Checks HTTP Basic credentials at the token endpoint (password, personal access token or
   * license ID); null when wrong. May throw lib's AppError `unauthorized` (a revoked or
   * expired license: its message is shown) or `rate_limited`.
   */
  authenticateBasic: (username: string, secret: string, request: { clientAddress: string }) => Promise<RegistryIdentity | null>;
  /** The subset of `requested` actions the identity may take on the repository (lib/auth's grantRegistryActions). */
  grantActions: (identity: RegistryIdentity, repositoryName: string, requested: RegistryAction[]) => Promise<RegistryAction[]>;
  /** Slugs of the applications whose repositories the user may pull (for /v2/_catalog). */
  listPullableAppSlugs: (userId: string) => Promise<string[]>;
  /**
   * Why the license a token was issued for no longer works (revoked, expired), or null
   * when it still does (lib/customers' checkLicenseStanding). Without it, license tokens
   * are refused.
   */
  checkLicense?: (customerId: string, licenseFingerprint: string) => Promise<string | null>;
  /**
   * Why the access token a registry token was issued from (subject `token:<id>`) no longer
   * works (revoked, expired, holder gone), or null while it does (lib/auth's
   * checkTokenStanding). Without it, such tokens are trusted until they expire.
   */
  checkAccessToken?: (tokenId: string) => Promise<string | null>;
  /** How long a license check's answer is reused by this handler (default 10 s): the delay before a revocation bites. */
  licenseCheckCacheMs?: number;
  /** Receives every manifest push and delete before it is answered (the audit log); must not throw. */
  recordChange?: (event: RegistryChangeEvent) => Promise<void>;
  /** Receives every manifest GET/HEAD answered 200 to a license caller (the pull ledger); must not block or throw. */
  recordPull?: (event: LicensePullEvent) => void;
  logger?: RegistryLogger;
  /** The pull-through proxy (`/v2/proxy/...`); without it those names answer NAME_UNKNOWN. */
  proxy?: RegistryProxy;
  /** REGISTRY_REDIRECT: blob GETs answer 307 to a presigned URL of the store, when the driver can sign one. */
  redirectBlobs?: boolean;
  /** Free space, blob size, team quotas and caps on open sessions (services/upload-limits.ts); absent: none. */
  uploadLimits?: UploadLimits;
  /** Sessions untouched this long are purged (default one day). */
  abandonedUploadMaxAgeMs?: number;
  /**
   * PostgreSQL's notifications of registry and membership changes (db/change-feed.ts): with
   * it, manifest look-ups and token re-checks are reused between requests until something
   * they depend on changes; without it, every request asks the database.
   */
  changeFeed?: RegistryChangeFeed;
}

/** A manifest pushed or a tag or manifest deleted through /v2/, for the audit log. */
export interface RegistryChangeEvent {
  action: "image.pushed" | "tag.deleted" | "manifest.deleted";
  repository: string;
  /** The tag or digest as requested. */
  reference: string;
  /** The manifest's digest (pushes). */
  digest?: string;
  /** The registry token's subject: a person's id, or `token:<id>`. */
  subject: string;
  /** "pushed by": the e-mail, `token:<name>`, or a service account's username. */
  principal: string;
  clientAddress: string;
  requestId: string;
}

export interface RegistryCaller {
  /** User id, or the customer id for a license. */
  subject: string;
  /** "pushed by": the e-mail, or `token:<name>` for a personal access token. */
  principal: string;
  access: AccessEntry[];
  /** Set when the token was issued to a license (read-only). */
  license?: LicenseClaim;
}

export interface RegistryContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  method: string;
  match: RouteMatch;
  /** The repository name for repository routes (validated), else "". */
  name: string;
  caller: RegistryCaller | null;
  options: RegistryHandlerOptions;
  logger: RegistryLogger;
  /** The registry host for this request (token audience). */
  service: string;
  /** The token endpoint URL for challenges. */
  realm: string;
  requestId: string;
}

export type RegistryRouteHandler = (context: RegistryContext) => Promise<void>;

export const SILENT_LOGGER: RegistryLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
