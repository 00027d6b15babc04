/**
 * What the /v2/ handlers are given: the server's dependencies (options) and, per
 * request, the matched route and the authenticated caller.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { PrismaClient } from "@/lib/db/client";
import type { RouteMatch } from "@/lib/registry/http/routes";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import type { AccessEntry, RegistryAction } from "@/lib/registry/token/scopes";

export interface RegistryLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** Who a set of credentials belongs to (lib/auth's verifyCredentials gives a superset of this). */
export interface BasicAuthResult {
  userId: string;
  email: string;
  via: "password" | "token";
  tokenName?: string;
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
  /** Checks HTTP Basic credentials at the token endpoint (password or personal access token); null when wrong. */
  authenticateBasic: (email: string, secret: string) => Promise<BasicAuthResult | null>;
  /** The subset of `requested` actions the user may take on the repository (lib/auth's grantRegistryActions). */
  grantActions: (userId: string, repositoryName: string, requested: RegistryAction[]) => Promise<RegistryAction[]>;
  /** Slugs of the applications whose repositories the user may pull (for /v2/_catalog). */
  listPullableAppSlugs: (userId: string) => Promise<string[]>;
  logger?: RegistryLogger;
  /** Sessions untouched this long are purged (default one day). */
  abandonedUploadMaxAgeMs?: number;
}

export interface RegistryCaller {
  /** User id. */
  subject: string;
  /** "pushed by": the e-mail, or `token:<name>` for a personal access token. */
  principal: string;
  access: AccessEntry[];
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
