/**
 * Registry bearer tokens (Docker "Token Authentication Specification"): short-lived
 * HS256 JWTs holding the actions granted per repository. The token endpoint issues them
 * after checking credentials; the dispatcher verifies them on every /v2/ request, so no
 * password hashing happens on the hot path and any instance can verify any token.
 */
import { createHash } from "node:crypto";
import { SignJWT, errors as joseErrors, jwtVerify } from "jose";
import type { AccessEntry } from "@/lib/registry/token/scopes";

export const REGISTRY_TOKEN_ISSUER = "slipway";
/** Five minutes, as Docker Hub and distribution's examples use; revoking a credential takes effect within it. */
export const DEFAULT_TOKEN_TTL_SECONDS = 300;

export interface RegistryTokenSettings {
  /** The secret the server signs with (for example NEXTAUTH_SECRET); it is hashed into a dedicated HMAC key. */
  secret: string | Uint8Array;
  ttlSeconds?: number;
}

/** What a token issued to a license carries, so the registry can re-check the license while the token lives. */
export interface LicenseClaim {
  customerId: string;
  appId: string;
  /** fingerprintLicenseId of the license ID used: a rotation changes it. */
  fingerprint: string;
}

export interface RegistryTokenGrant {
  /** The user id, or the customer id for a license. */
  subject: string;
  /** Who acts, as recorded in `pushedBy`: the user's e-mail or `token:<name>`. */
  principal: string;
  /** The `service` the token is for: the registry host. */
  audience: string;
  access: AccessEntry[];
  license?: LicenseClaim;
}

export interface IssuedRegistryToken {
  token: string;
  expiresIn: number;
  issuedAt: string;
}

export interface VerifiedRegistryToken {
  subject: string;
  principal: string;
  access: AccessEntry[];
  license?: LicenseClaim;
  expiresAt: number;
}

/** Derives the HMAC key, so the registry never signs with the raw shared secret. */
export function deriveTokenKey(secret: string | Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(createHash("sha256").update("slipway registry token v1\u0000").update(secret).digest());
}

/**
 * The HMAC key for a secret, imported once: jose otherwise imports the raw bytes into
 * WebCrypto on every sign and verify. One entry, as a process signs with one secret.
 */
let importedKey: { secret: string | Uint8Array; key: Promise<CryptoKey> } | null = null;

function importTokenKey(secret: string | Uint8Array): Promise<CryptoKey> {
  if (importedKey?.secret !== secret) {
    const key = crypto.subtle.importKey("raw", deriveTokenKey(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
    importedKey = { secret, key };
  }
  return importedKey.key;
}

/** Issues a signed token for the granted access. */
export async function issueRegistryToken(settings: RegistryTokenSettings, grant: RegistryTokenGrant): Promise<IssuedRegistryToken> {
  const ttl = settings.ttlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const now = Math.floor(Date.now() / 1000);
  const claims: Record<string, unknown> = { access: grant.access, principal: grant.principal };
  if (grant.license) claims.license = grant.license;
  const token = await new SignJWT(claims)
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(REGISTRY_TOKEN_ISSUER)
    .setSubject(grant.subject)
    .setAudience(grant.audience)
    .setIssuedAt(now)
    .setNotBefore(now - 5)
    .setExpirationTime(now + ttl)
    .setJti(crypto.randomUUID())
    .sign(await importTokenKey(settings.secret));
  return { token, expiresIn: ttl, issuedAt: new Date(now * 1000).toISOString() };
}

function readAccess(value: unknown): AccessEntry[] {
  if (!Array.isArray(value)) return [];
  return value.filter(
    (entry): entry is AccessEntry =>
      typeof entry === "object" &&
      entry !== null &&
      typeof entry.type === "string" &&
      typeof entry.name === "string" &&
      Array.isArray(entry.actions) &&
      entry.actions.every((action: unknown) => typeof action === "string"),
  );
}

function readLicense(value: unknown): LicenseClaim | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { customerId, appId, fingerprint } = value as Record<string, unknown>;
  if (typeof customerId !== "string" || typeof appId !== "string" || typeof fingerprint !== "string") return undefined;
  return { customerId, appId, fingerprint };
}

/** Verifies signature, issuer, audience and lifetime; returns null for any token that is not valid now. */
export async function verifyRegistryToken(settings: RegistryTokenSettings, token: string, audience: string): Promise<VerifiedRegistryToken | null> {
  try {
    const { payload } = await jwtVerify(token, await importTokenKey(settings.secret), {
      issuer: REGISTRY_TOKEN_ISSUER,
      audience,
      algorithms: ["HS256"],
      clockTolerance: 5,
    });
    if (typeof payload.sub !== "string" || typeof payload.exp !== "number") return null;
    const principal = typeof payload.principal === "string" ? payload.principal : payload.sub;
    const verified: VerifiedRegistryToken = { subject: payload.sub, principal, access: readAccess(payload.access), expiresAt: payload.exp };
    // A license claim that does not parse must not turn the token into a user's token.
    if (payload.license !== undefined) {
      const license = readLicense(payload.license);
      if (!license) return null;
      verified.license = license;
    }
    return verified;
  } catch (error) {
    if (error instanceof joseErrors.JOSEError) return null;
    throw error;
  }
}
