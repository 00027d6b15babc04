/**
 * Authentication and authorisation of /v2/ requests, decided once per request from the
 * bearer token, the method and the repository name, before any handler runs (as
 * distribution's app.go does). The decision reads only the token, never what the
 * registry holds, so an answer cannot reveal whether a repository or tag exists. A
 * license token is also re-checked against its license (license-check.ts), a token issued
 * from an access token against that token, and one issued from a password against the
 * person's current membership, each depending on the caller alone. A license is read-only: push, delete and the catalog are
 * refused with one message, whatever the repository.
 */
import type { IncomingMessage } from "node:http";
import { notifiedCachePerOwner } from "@/lib/registry/db/notified-cache";
import { RegistryError } from "@/lib/registry/errors";
import type { RegistryCaller, RegistryHandlerOptions } from "@/lib/registry/http/context";
import { explainAppRepositoryName } from "@/lib/registry/names";
import { grantActionsCached } from "@/lib/registry/http/granted-actions";
import { checkLicenseCached } from "@/lib/registry/http/license-check";
import type { RouteAccess, RouteName } from "@/lib/registry/http/routes";
import { findGrantedActions, isRegistryAction } from "@/lib/registry/token/scopes";
import { verifyRegistryToken, type VerifiedRegistryToken } from "@/lib/registry/token/token-service";

/** Verified tokens per handler, so a layer push does not re-verify the same JWT five times. */
const verifiedTokens = new WeakMap<RegistryHandlerOptions, Map<string, VerifiedRegistryToken>>();
const MAX_CACHED_TOKENS = 4096;

/**
 * Answers of the per-request re-check (access token still usable, membership still
 * granting what the token holds), per handler and token: only "still fine" is kept, and
 * only while the change feed hears of no change to teams, apps, memberships, users,
 * access tokens or service accounts (db/change-feed.ts). Without a feed, every request asks.
 */
const standingCache = notifiedCachePerOwner<string | null>({ topic: "access", maxEntries: MAX_CACHED_TOKENS, keep: (refusal) => refusal === null });

function checkStandingCached(options: RegistryHandlerOptions, key: string, check: () => Promise<string | null>): Promise<string | null> {
  if (!options.changeFeed) return check();
  return standingCache(options, options.changeFeed).get(key, check);
}

/** The 403 message for anything but a pull made with a license. */
export const LICENSE_READ_ONLY_MESSAGE = "licenses are read-only: a license can pull but not push, delete or list the catalog";

/** verifyRegistryToken with a small cache of successes (bounded, and only until each token expires). */
async function verifyCached(options: RegistryHandlerOptions, token: string, service: string): Promise<VerifiedRegistryToken | null> {
  let cache = verifiedTokens.get(options);
  if (!cache) verifiedTokens.set(options, (cache = new Map()));
  const key = `${service}\u0000${token}`;
  const known = cache.get(key);
  if (known && known.expiresAt * 1000 > Date.now()) return known;
  const verified = await verifyRegistryToken({ secret: options.tokenSecret }, token, service);
  if (verified) {
    if (cache.size >= MAX_CACHED_TOKENS) cache.delete(cache.keys().next().value!);
    cache.set(key, verified);
  }
  return verified;
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The registry host: REGISTRY_HOST when configured, else the Host this request came to. */
export function resolveService(options: RegistryHandlerOptions, req: IncomingMessage): string {
  return options.registryHost || firstHeader(req.headers.host) || "localhost";
}

/** The token endpoint URL clients are sent to: `<portal origin>/v2/token`. */
export function resolveRealm(options: RegistryHandlerOptions, req: IncomingMessage): string {
  if (typeof options.publicOrigin === "function") return `${options.publicOrigin(req).replace(/\/+$/, "")}/v2/token`;
  if (options.publicOrigin) return `${options.publicOrigin.replace(/\/+$/, "")}/v2/token`;
  const forwarded = firstHeader(req.headers["x-forwarded-proto"])?.split(",")[0]?.trim();
  const isTls = (req.socket as { encrypted?: boolean }).encrypted === true;
  const protocol = forwarded === "https" || forwarded === "http" ? forwarded : isTls ? "https" : "http";
  return `${protocol}://${firstHeader(req.headers.host) ?? "localhost"}/v2/token`;
}

/** A Docker token-auth challenge: `Bearer realm="…",service="…"[,scope="…"][,error="…"]`. */
export function formatChallenge(realm: string, service: string, scope?: string, error?: string): string {
  const parts = [`realm="${realm}"`, `service="${service}"`];
  if (scope) parts.push(`scope="${scope}"`);
  if (error) parts.push(`error="${error}"`);
  return `Bearer ${parts.join(",")}`;
}

/**
 * The caller a request's bearer token stands for; null without a token. An invalid or
 * expired token, or Basic credentials (which belong at the token endpoint), is a 401.
 */
export async function authenticateRequest(
  options: RegistryHandlerOptions,
  req: IncomingMessage,
  challenge: { realm: string; service: string; scope?: string },
): Promise<RegistryCaller | null> {
  const header = firstHeader(req.headers.authorization);
  if (!header) return null;
  const [scheme, token] = header.trim().split(/\s+/, 2);
  const isBearer = scheme?.toLowerCase() === "bearer" && token;
  const verified = isBearer ? await verifyCached(options, token, challenge.service) : null;
  const refuse = (message: string, error?: string) =>
    new RegistryError("UNAUTHORIZED", message, undefined, {
      headers: { "WWW-Authenticate": formatChallenge(challenge.realm, challenge.service, challenge.scope, error) },
    });
  if (!verified) throw refuse("authentication required: the token is missing, invalid or expired", isBearer ? "invalid_token" : undefined);
  if (verified.license) {
    const refusal = await checkLicenseCached(options, verified.license);
    if (refusal) throw refuse(refusal, "invalid_token");
  }
  const checkAccessToken = options.checkAccessToken;
  if (verified.subject.startsWith("token:") && checkAccessToken) {
    // Issued from an access token: it stops the moment that token is revoked or its holder loses access.
    // (The registry token never outlives the access token, so a kept answer cannot outlive its expiry.)
    const tokenId = verified.subject.slice("token:".length);
    const refusal = await checkStandingCached(options, `token\u0000${tokenId}`, () => checkAccessToken(tokenId));
    if (refusal) throw refuse(refusal, "invalid_token");
  }
  if (!verified.license && !verified.subject.startsWith("token:")) {
    // Issued from a password: it stops the moment its holder leaves the team or is given a lesser role.
    const refusal = await checkStandingCached(options, `password\u0000${challenge.service}\u0000${token}`, () => explainLostAccess(options, verified));
    if (refusal) throw refuse(refusal, "invalid_token");
  }
  return { subject: verified.subject, principal: verified.principal, access: verified.access, license: verified.license };
}

/**
 * Why a person's registry token (subject: their id) grants more than their membership
 * allows now, or null while it does not: every repository action it holds is asked of
 * lib/auth again, the same answer the token endpoint would give today.
 */
async function explainLostAccess(options: RegistryHandlerOptions, verified: VerifiedRegistryToken): Promise<string | null> {
  const identity = { kind: "user" as const, userId: verified.subject, email: verified.principal, via: "password" as const };
  for (const entry of verified.access) {
    const held = entry.type === "repository" ? entry.actions.filter(isRegistryAction) : [];
    if (held.length === 0) continue;
    const allowed = await grantActionsCached(options, identity, entry.name, held);
    const lost = held.filter((action) => !allowed.includes(action));
    if (lost.length) return `the token's ${lost.join(", ")} access to ${entry.name} ended (team membership removed or role lowered since it was issued); log in again`;
  }
  return null;
}

/** The scope a client should ask for to use a route: pushing needs pull too, as distribution asks; the catalog has its own. */
export function scopeForAccess(access: RouteAccess, name: string, route?: RouteName): string | undefined {
  if (route === "catalog") return "registry:catalog:*";
  if (access === "authenticated" || access === "public") return undefined;
  const actions = access === "push" ? "pull,push" : access;
  return `repository:${name}:${actions}`;
}

/**
 * A cross-repository mount (`POST <name>/blobs/uploads/?mount=<digest>&from=<repository>`)
 * also reads `from`; its challenge names `repository:<from>:pull` beside the target's
 * scope, as distribution's does, so clients that ask for exactly the challenged scope
 * get a token that can mount instead of falling back to a full upload.
 */
export function challengeScope(access: RouteAccess, name: string, route: RouteName, url: URL): string | undefined {
  const scope = scopeForAccess(access, name, route);
  const from = url.searchParams.get("from");
  const isMount = route === "uploads" && url.searchParams.has("mount") && from !== null && from !== name;
  if (!isMount || !scope || explainAppRepositoryName(from) !== null) return scope;
  return `${scope} repository:${from}:pull`;
}

/**
 * Throws unless the caller may do `access` on repository `name`: 401 with a challenge when
 * there is no token or the token does not cover the repository (so clients fetch one), 403
 * DENIED when the token covers it without the action (the token endpoint refused it). A
 * license gets 403 DENIED with the read-only message for push, delete and the catalog.
 */
export function authorizeCaller(
  caller: RegistryCaller | null,
  access: RouteAccess,
  name: string,
  challenge: { realm: string; service: string; scope?: string },
  route?: RouteName,
): void {
  if (access === "public") return;
  const scope = challenge.scope;
  const unauthorized = (error?: string) =>
    new RegistryError("UNAUTHORIZED", "authentication required", name ? [{ type: "repository", name, action: access }] : undefined, {
      headers: { "WWW-Authenticate": formatChallenge(challenge.realm, challenge.service, scope, error) },
    });
  if (!caller) throw unauthorized();
  const isWrite = access === "push" || access === "delete";
  if (caller.license && (isWrite || route === "catalog")) {
    throw new RegistryError("DENIED", LICENSE_READ_ONLY_MESSAGE, name ? [{ type: "repository", name, action: access }] : undefined);
  }
  if (access === "authenticated") return;
  const granted = findGrantedActions(caller.access, "repository", name);
  if (granted === null) throw unauthorized("insufficient_scope");
  if (!granted.includes(access)) {
    // What the token holds on this repository is the caller's own knowledge, so naming the
    // missing action reveals nothing; a token holding nothing here stays plain DENIED, the
    // same for another team's repository as for one that does not exist.
    const missing = granted.length > 0 ? `: the token grants ${granted.join(", ")} on ${name} but not ${access}; use a token or service account whose scopes include ${access}` : "";
    throw new RegistryError("DENIED", `requested access to the resource is denied${missing}`, [{ type: "repository", name, action: access }]);
  }
}
