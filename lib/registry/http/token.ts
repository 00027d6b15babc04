/**
 * The token endpoint clients are sent to by the 401 challenge (Docker "Token
 * Authentication Specification"; distribution docs "OAuth2 token authentication").
 * GET with HTTP Basic (e-mail and password or personal access token, or a customer's
 * license ID) is what docker, podman, skopeo and crane use; POST with an OAuth2 password
 * grant is accepted too. Anonymous requests get 401: this registry has no public
 * repositories. A license's token grants pull only, lives at most LICENSE_TOKEN_TTL_SECONDS,
 * and carries the customer and license fingerprint so the dispatcher can re-check it.
 */
import { parseBasicAuth } from "@/lib/api/basic-auth";
import { isAppError } from "@/lib/errors";
import { RegistryError } from "@/lib/registry/errors";
import { readClientAddress } from "@/lib/registry/http/client-address";
import type { RegistryContext, RegistryIdentity } from "@/lib/registry/http/context";
import { grantActionsCached } from "@/lib/registry/http/granted-actions";
import { readSmallBody, sendJson } from "@/lib/registry/http/respond";
import { explainAppRepositoryName } from "@/lib/registry/names";
import { findControlCharacter } from "@/lib/text/control-characters";
import { isRegistryAction, parseScopes, type AccessEntry } from "@/lib/registry/token/scopes";
import { DEFAULT_TOKEN_TTL_SECONDS, issueRegistryToken, type RegistryTokenGrant } from "@/lib/registry/token/token-service";

const MAX_FORM_BYTES = 64 * 1024;
/** The longest a license's token lives: a revocation must bite within it even without the dispatcher's re-check. */
export const LICENSE_TOKEN_TTL_SECONDS = 300;

interface TokenRequest {
  username: string;
  secret: string;
  scopes: string[];
  isOAuth: boolean;
}

function unauthorized(message: string): RegistryError {
  return new RegistryError("UNAUTHORIZED", message, undefined, { headers: { "WWW-Authenticate": 'Basic realm="Slipway registry", charset="UTF-8"' } });
}

async function readTokenRequest(context: RegistryContext): Promise<TokenRequest> {
  if (context.req.method === "POST") {
    const body = await readSmallBody(context.req, MAX_FORM_BYTES, () => new RegistryError("UNSUPPORTED", "the token request is too large", undefined, { status: 400 }));
    const form = new URLSearchParams(body.toString("utf8"));
    if (form.get("grant_type") !== "password") {
      throw new RegistryError("UNSUPPORTED", "only the password grant is supported; request a new token with your credentials", undefined, { status: 400 });
    }
    const username = form.get("username") ?? "";
    const secret = form.get("password") ?? "";
    // No account's name or secret holds a control character (and NUL would fail the look-up).
    if (!username || !secret || findControlCharacter(username + secret) !== null) throw unauthorized("authentication required");
    return { username, secret, scopes: form.getAll("scope"), isOAuth: true };
  }
  const credentials = parseBasicAuth(context.req.headers.authorization ?? null);
  if (!credentials?.username) throw unauthorized("authentication required: log in with your e-mail and a password or personal access token, or with your license ID");
  return { username: credentials.username, secret: credentials.password, scopes: context.url.searchParams.getAll("scope"), isOAuth: false };
}

async function authenticate(context: RegistryContext, request: TokenRequest): Promise<RegistryIdentity> {
  let identity: RegistryIdentity | null;
  try {
    identity = await context.options.authenticateBasic(request.username, request.secret, { clientAddress: readClientAddress(context.req) });
  } catch (error) {
    if (isAppError(error) && error.code === "rate_limited") {
      throw new RegistryError("TOOMANYREQUESTS", error.message, undefined, { headers: error.retryAfter ? { "Retry-After": String(error.retryAfter) } : {} });
    }
    // A revoked or expired license: its message says which.
    if (isAppError(error) && error.code === "unauthorized") throw unauthorized(error.message);
    throw error;
  }
  if (!identity) throw unauthorized("incorrect e-mail, password, token or license ID");
  return identity;
}

/**
 * What the token grants: per repository the actions lib/auth allows (none for another
 * team's or an unknown application, listed with no actions so the registry answers
 * DENIED instead of asking again), and the catalog to anyone signed in but a license.
 */
async function grantAccess(context: RegistryContext, identity: RegistryIdentity, scopes: string[]): Promise<AccessEntry[]> {
  const access: AccessEntry[] = [];
  for (const scope of parseScopes(scopes)) {
    if (scope.type === "registry" && scope.name === "catalog") {
      const mayList = identity.kind === "user" && scope.actions.includes("*");
      access.push({ type: "registry", name: "catalog", actions: mayList ? ["*"] : [] });
    } else if (scope.type === "repository") {
      const requested = scope.actions.filter(isRegistryAction);
      const isValidName = explainAppRepositoryName(scope.name) === null;
      const actions = isValidName && requested.length ? await grantActionsCached(context.options, identity, scope.name, requested) : [];
      access.push({ type: "repository", name: scope.name, actions });
    }
  }
  return access;
}

/** Subject, principal, lifetime and license claim of the token for this identity. */
function describeHolder(context: RegistryContext, identity: RegistryIdentity): Omit<RegistryTokenGrant, "audience" | "access"> & { ttlSeconds: number } {
  const ttlSeconds = context.options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  if (identity.kind === "license") {
    return {
      subject: identity.customerId,
      principal: `license:${identity.customerName}`,
      license: { customerId: identity.customerId, appId: identity.appId, fingerprint: identity.licenseFingerprint },
      ttlSeconds: Math.min(ttlSeconds, LICENSE_TOKEN_TTL_SECONDS),
    };
  }
  if (identity.serviceAccountId || identity.tokenId) {
    // A token's registry token names the token (re-checked on every request) and ends when it does.
    const principal = identity.serviceAccountId ? identity.email : `token:${identity.tokenName ?? ""}`;
    const untilExpiry = identity.tokenExpiresAt ? Math.floor((identity.tokenExpiresAt.getTime() - Date.now()) / 1000) : ttlSeconds;
    return { subject: `token:${identity.tokenId}`, principal, ttlSeconds: Math.max(1, Math.min(ttlSeconds, untilExpiry)) };
  }
  const principal = identity.via === "token" && identity.tokenName ? `token:${identity.tokenName}` : identity.email;
  return { subject: identity.userId, principal, ttlSeconds };
}

// GET|POST /v2/token?service=&scope=&account=: a short-lived bearer token for the granted scopes.
export async function issueToken(context: RegistryContext): Promise<void> {
  const request = await readTokenRequest(context);
  const identity = await authenticate(context, request);
  const access = await grantAccess(context, identity, request.scopes);
  const { ttlSeconds, ...holder } = describeHolder(context, identity);
  const issued = await issueRegistryToken({ secret: context.options.tokenSecret, ttlSeconds }, { ...holder, audience: context.service, access });
  const body: Record<string, unknown> = { token: issued.token, access_token: issued.token, expires_in: issued.expiresIn, issued_at: issued.issuedAt };
  if (request.isOAuth) body.scope = request.scopes.join(" ");
  sendJson(context.req, context.res, 200, body, { "Cache-Control": "no-store" });
}
