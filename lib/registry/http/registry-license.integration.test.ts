/**
 * Customers pull with their license (issue 9): the token endpoint takes a license ID,
 * the token grants pull on the customer's application only, a license is read-only, a
 * revoked or expired license is refused with its reason (also for tokens issued before),
 * another application's repository reads like one that does not exist, and failed
 * license attempts are throttled per client address.
 */
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearSignInFailures, licenseThrottleKey } from "@/lib/auth/sign-in-throttle";
import { rotateLicense } from "@/lib/customers/customers";
import { generateLicenseId } from "@/lib/customers/license-id";
import { createTestCustomer, type TestCustomer } from "@/lib/customers/test-support/create-test-customer";
import { testPrisma } from "@/lib/test/database";
import {
  basicAuth,
  describeAnswer,
  createTestTenant,
  fetchLicenseToken,
  fetchTenantToken,
  pushManifest,
  pushSmallImage,
  startTestRegistry,
  TEST_LICENSE_CHECK_CACHE_MS,
  type TestRegistry,
  type TestTenant,
} from "@/lib/registry/http/test-registry";

let registry: TestRegistry;
let vendor: TestTenant;
let otherVendor: TestTenant;
let name: string;
let layerDigest: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  vendor = await createTestTenant("licensor");
  otherVendor = await createTestTenant("other-vendor");
  name = `${vendor.slug}/web`;
  for (const [tenant, repository] of [[vendor, name], [otherVendor, `${otherVendor.slug}/web`]] as const) {
    const token = await fetchTenantToken(registry, tenant, [repository]);
    const image = await pushSmallImage(registry, token, repository);
    await pushManifest(registry, token, repository, "v1", image.manifest);
    if (tenant === vendor) layerDigest = image.layerDigest;
  }
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
});

const newCustomer = (fields: Partial<Parameters<typeof createTestCustomer>[1]> = {}) =>
  createTestCustomer(testPrisma(), { slug: vendor.slug, createdById: vendor.account.principal.userId, ...fields });

/** A token request from a chosen loopback address (127.0.0.0/8), so the throttle sees that address. */
function requestToken(from: string, username: string, secret: string, scopes: string[] = []): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const query = new URLSearchParams({ service: registry.host });
  for (const scope of scopes) query.append("scope", scope);
  return new Promise((resolve, reject) => {
    const req = request(`${registry.origin}/v2/token?${query}`, { localAddress: from, headers: { Authorization: basicAuth(username, secret) } }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** A loopback address of its own for each test that fails on purpose, so throttling stays within that test. */
function freshLoopbackAddress(): string {
  return `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
}

function readClaims(token: string): { exp: number; iat: number; access: unknown; license?: unknown } {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8"));
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { errors: { code: string; message: string }[] }).errors[0]!;
}

const get = (path: string, token: string, method = "GET") => fetch(`${registry.origin}${path}`, { method, headers: { Authorization: `Bearer ${token}` } });

describe("signing in with a license", () => {
  it("takes the license ID as username and password, or as the password with any username", async () => {
    const customer = await newCustomer();
    for (const username of [customer.licenseId, "anything", "someone@example.com"]) {
      const response = await requestToken("127.0.0.1", username, customer.licenseId, [`repository:${name}:pull`]);
      expect(response.status, username).toBe(200);
      const { token } = JSON.parse(response.body) as { token: string };
      expect((await get(`/v2/${name}/manifests/v1`, token)).status).toBe(200);
    }
  });

  it("grants pull only, on the customer's application only, for at most five minutes", async () => {
    const customer = await newCustomer();
    const longLived = await startTestRegistry({ tokenTtlSeconds: 3600 });
    try {
      const token = await fetchLicenseToken(longLived, customer.licenseId, [`repository:${name}:pull,push,delete`, `repository:${otherVendor.slug}/web:pull`, "registry:catalog:*"]);
      const claims = readClaims(token);
      expect(claims.exp - claims.iat).toBe(300);
      expect(claims.access).toEqual([
        { type: "repository", name, actions: ["pull"] },
        { type: "repository", name: `${otherVendor.slug}/web`, actions: [] },
        { type: "registry", name: "catalog", actions: [] },
      ]);
      expect(claims.license).toMatchObject({ customerId: customer.id, appId: customer.appId });
    } finally {
      await longLived.close();
    }
  });

  it("refuses push, delete and the catalog as read-only", async () => {
    const customer = await newCustomer();
    const token = await fetchLicenseToken(registry, customer.licenseId, [`repository:${name}:pull,push,delete`, "registry:catalog:*"]);
    const attempts = [
      await fetch(`${registry.origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${token}` } }),
      await fetch(`${registry.origin}/v2/${name}/manifests/v2`, { method: "PUT", headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/vnd.oci.image.manifest.v1+json" }, body: "{}" }),
      await get(`/v2/${name}/manifests/v1`, token, "DELETE"),
      await get(`/v2/${name}/blobs/${layerDigest}`, token, "DELETE"),
      await get("/v2/_catalog", token),
    ];
    for (const response of attempts) {
      expect(response.status).toBe(403);
      const error = await errorOf(response);
      expect(error.code).toBe("DENIED");
      expect(error.message).toMatch(/licenses are read-only/);
    }
    expect((await get(`/v2/${name}/manifests/v1`, token)).status).toBe(200);
    expect((await get(`/v2/${name}/blobs/${layerDigest}`, token)).status).toBe(200);
    expect((await get(`/v2/${name}/tags/list`, token)).status).toBe(200);
  });

  it("names the expiry date of an expired license", async () => {
    const customer = await newCustomer({ expiresAt: new Date("2025-01-31T00:00:00Z") });
    const response = await requestToken("127.0.0.1", customer.licenseId, customer.licenseId);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({ code: "UNAUTHORIZED", message: "license expired on 2025-01-31" });
    expect(response.headers["www-authenticate"]).toMatch(/^Basic /);
  });

  it("calls an archived customer's license and a rotated license ID revoked", async () => {
    const archived = await newCustomer({ archivedAt: new Date() });
    const rotated = await newCustomer();
    const view = await rotateLicense(vendor.account.principal, vendor.slug, rotated.id);
    for (const licenseId of [archived.licenseId, rotated.licenseId]) {
      const response = await requestToken("127.0.0.1", "anything", licenseId);
      expect(response.status).toBe(401);
      expect(JSON.parse(response.body).errors[0].message).toMatch(/^license revoked/);
    }
    expect((await requestToken("127.0.0.1", view.licenseId, view.licenseId)).status).toBe(200);
  });

  it("answers an unknown license ID like wrong credentials", async () => {
    const response = await requestToken(freshLoopbackAddress(), "customer", generateLicenseId());
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).errors[0]).toMatchObject({ code: "UNAUTHORIZED", message: "incorrect e-mail, password, token or license ID" });
  });
});

describe("a license on another application", () => {
  it("gets exactly the answer a repository that does not exist gets", async () => {
    const customer = await newCustomer();
    const targets = [`${otherVendor.slug}/web`, `${otherVendor.slug}/never-pushed`, "no-such-app/web"];
    const answers: string[][] = [];
    for (const target of targets) {
      const token = await fetchLicenseToken(registry, customer.licenseId, [`repository:${target}:pull,push,delete`]);
      const perTarget: string[] = [];
      for (const [method, path] of [
        ["GET", `/v2/${target}/manifests/v1`],
        ["HEAD", `/v2/${target}/manifests/v1`],
        ["GET", `/v2/${target}/tags/list`],
        ["GET", `/v2/${target}/blobs/${layerDigest}`],
        ["GET", `/v2/${target}/referrers/sha256:${"a".repeat(64)}`],
        ["POST", `/v2/${target}/blobs/uploads/`],
        ["DELETE", `/v2/${target}/manifests/v1`],
      ] as const) {
        const response = await get(path, token, method);
        perTarget.push(await describeAnswer(method, path, response, target));
      }
      answers.push(perTarget);
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toEqual(answers[2]);
    expect(answers[0]![0]).toMatch(/^GET \S+ 403 .*"code":"DENIED","message":"requested access to the resource is denied"/);
  });
});

describe("tokens issued before a revocation", () => {
  const waitForCacheWindow = () => new Promise((resolve) => setTimeout(resolve, TEST_LICENSE_CHECK_CACHE_MS + 50));

  async function pullWith(token: string): Promise<Response> {
    return get(`/v2/${name}/manifests/v1`, token);
  }

  async function expectRefused(token: string, message: RegExp): Promise<void> {
    await waitForCacheWindow();
    const response = await pullWith(token);
    expect(response.status).toBe(401);
    expect(response.headers.get("www-authenticate")).toMatch(/error="invalid_token"/);
    expect((await errorOf(response)).message).toMatch(message);
  }

  async function liveToken(customer: TestCustomer): Promise<string> {
    const token = await fetchLicenseToken(registry, customer.licenseId, [`repository:${name}:pull`]);
    expect((await pullWith(token)).status).toBe(200);
    return token;
  }

  it("stop working once the customer is archived", async () => {
    const customer = await newCustomer();
    const token = await liveToken(customer);
    await testPrisma().customer.update({ where: { id: customer.id }, data: { archivedAt: new Date() } });
    await expectRefused(token, /^license revoked/);
  });

  it("stop working once the license is rotated", async () => {
    const customer = await newCustomer();
    const token = await liveToken(customer);
    await rotateLicense(vendor.account.principal, vendor.slug, customer.id);
    await expectRefused(token, /^license revoked/);
  });

  it("stop working once the license expires", async () => {
    const customer = await newCustomer({ expiresAt: new Date(Date.now() + 60_000) });
    const token = await liveToken(customer);
    await testPrisma().customer.update({ where: { id: customer.id }, data: { expiresAt: new Date("2026-01-02T03:04:05Z") } });
    await expectRefused(token, /^license expired on 2026-01-02$/);
  });
});

describe("throttling failed license attempts", () => {
  it("answers TOOMANYREQUESTS with Retry-After from an address that keeps failing, even for a valid license", async () => {
    const from = freshLoopbackAddress();
    const customer = await newCustomer();
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt < 6; attempt += 1) statuses.push((await requestToken(from, "customer", generateLicenseId())).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
      const throttled = await requestToken(from, "customer", generateLicenseId());
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
      expect(JSON.parse(throttled.body).errors[0].code).toBe("TOOMANYREQUESTS");
      // A locked address cannot tell a right guess from a wrong one; other addresses are unaffected.
      expect((await requestToken(from, customer.licenseId, customer.licenseId)).status).toBe(429);
      expect((await requestToken(freshLoopbackAddress(), customer.licenseId, customer.licenseId)).status).toBe(200);
    } finally {
      await clearSignInFailures(licenseThrottleKey(from));
    }
  });

  it("leaves a license-shaped password with an e-mail to the user's own throttle", async () => {
    const from = freshLoopbackAddress();
    try {
      for (let attempt = 0; attempt < 7; attempt += 1) {
        expect((await requestToken(from, vendor.account.email.replace("@", `+${attempt}@`), generateLicenseId())).status).toBe(401);
      }
      const customer = await newCustomer();
      expect((await requestToken(from, customer.licenseId, customer.licenseId)).status).toBe(200);
    } finally {
      await clearSignInFailures(licenseThrottleKey(from));
    }
  });
});
