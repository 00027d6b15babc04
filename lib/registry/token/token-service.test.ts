import { SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { deriveTokenKey, issueRegistryToken, verifyRegistryToken } from "@/lib/registry/token/token-service";

const settings = { secret: "test secret" };
const grant = {
  subject: "user-1",
  principal: "ada@example.com",
  audience: "registry.test:5000",
  access: [{ type: "repository", name: "acme/web", actions: ["pull", "push"] }],
};

describe("registry tokens", () => {
  it("round-trips the grant", async () => {
    const issued = await issueRegistryToken(settings, grant);
    expect(issued.expiresIn).toBe(300);
    expect(Number.isNaN(Date.parse(issued.issuedAt))).toBe(false);
    const verified = await verifyRegistryToken(settings, issued.token, grant.audience);
    expect(verified).toMatchObject({ subject: "user-1", principal: "ada@example.com", access: grant.access });
  });

  it("rejects another audience, another secret, tampering and expiry", async () => {
    const { token } = await issueRegistryToken(settings, grant);
    expect(await verifyRegistryToken(settings, token, "other.host")).toBeNull();
    expect(await verifyRegistryToken({ secret: "other" }, token, grant.audience)).toBeNull();
    const [header, payload, signature] = token.split(".");
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload!, "base64url").toString()), access: [] })).toString("base64url");
    expect(await verifyRegistryToken(settings, `${header}.${forged}.${signature}`, grant.audience)).toBeNull();
    const expired = await issueRegistryToken({ ...settings, ttlSeconds: -60 }, grant);
    expect(await verifyRegistryToken(settings, expired.token, grant.audience)).toBeNull();
    expect(await verifyRegistryToken(settings, "not-a-jwt", grant.audience)).toBeNull();
  });

  it("refuses tokens signed with the raw secret or another algorithm's key", async () => {
    const raw = await new SignJWT({ access: grant.access }).setProtectedHeader({ alg: "HS256" }).setIssuer("slipway").setSubject("u").setAudience(grant.audience).setExpirationTime("5m").sign(new TextEncoder().encode("test secret"));
    expect(await verifyRegistryToken(settings, raw, grant.audience)).toBeNull();
    const right = await new SignJWT({ access: grant.access }).setProtectedHeader({ alg: "HS256" }).setIssuer("slipway").setSubject("u").setAudience(grant.audience).setExpirationTime("5m").sign(deriveTokenKey("test secret"));
    expect((await verifyRegistryToken(settings, right, grant.audience))?.principal).toBe("u");
  });

  it("carries a license claim, and refuses a token whose license claim is malformed", async () => {
    const license = { customerId: "customer-1", appId: "app-1", fingerprint: "abc" };
    const issued = await issueRegistryToken(settings, { ...grant, license });
    expect((await verifyRegistryToken(settings, issued.token, grant.audience))?.license).toEqual(license);
    expect((await verifyRegistryToken(settings, (await issueRegistryToken(settings, grant)).token, grant.audience))?.license).toBeUndefined();
    const malformed = await new SignJWT({ access: grant.access, license: { customerId: 1 } }).setProtectedHeader({ alg: "HS256" }).setIssuer("slipway").setSubject("u").setAudience(grant.audience).setExpirationTime("5m").sign(deriveTokenKey("test secret"));
    expect(await verifyRegistryToken(settings, malformed, grant.audience)).toBeNull();
  });
});
