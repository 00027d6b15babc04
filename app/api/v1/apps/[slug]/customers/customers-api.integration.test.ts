/**
 * Customers and their licenses through the API on the real database: create, list,
 * change, archive and rotate; the signed license file (checked with openssl, not our
 * code) and its verification; the install YAML for the vendor and behind the license;
 * and another team's 404s.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { canonicalJson } from "@/lib/customers/license-file";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { buildImageManifest, ensureSeedRepository, seedManifest } from "@/lib/images/test-support/seed-images";
import { container, deployment } from "@/lib/releases/test-fixtures";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import * as licenseInstallRoute from "../../../license/install.yaml/route";
import * as verifyRoute from "../../../licenses/verify/route";
import * as licenseKeyRoute from "../license-key/route";
import * as promoteRoute from "../releases/[sequence]/promote/route";
import * as releasesRoute from "../releases/route";
import * as installRoute from "./[id]/install.yaml/route";
import * as licenseRoute from "./[id]/license/route";
import * as rotateRoute from "./[id]/rotate-license/route";
import * as customerRoute from "./[id]/route";
import * as customersRoute from "./route";

const HOST = "registry.example.com";
const QUAY = "quayprivate";

function releaseYaml(slug: string): string {
  const images = `images:\n  - {source: replicated, name: worker, tag: 1.0.1}\n  - {source: ${QUAY}, name: namespace/imagename, tag: 2.0.0}\n`;
  const containers = container("worker", `${HOST}/${slug}/worker:1.0.1`) + container("sidecar", "quay.io/namespace/imagename:2.0.0");
  return `${images}---\n${deployment("worker", containers)}`;
}

let owner: AccountWithApp;
let stranger: AccountWithApp;
let workDir: string;

const create = (json: unknown, account = owner, slug = owner.app.slug) => callRoute(customersRoute.POST, { method: "POST", params: { slug }, token: account.token, json });
const list = (query = "", account = owner, slug = owner.app.slug) => callRoute(customersRoute.GET, { path: `/api/v1/apps/${slug}/customers${query}`, params: { slug }, token: account.token });
const get = (id: string, account = owner, slug = owner.app.slug) => callRoute(customerRoute.GET, { params: { slug, id }, token: account.token });
const patch = (id: string, json: unknown, account = owner, slug = owner.app.slug) => callRoute(customerRoute.PATCH, { method: "PATCH", params: { slug, id }, token: account.token, json });
const rotate = (id: string, account = owner, slug = owner.app.slug) => callRoute(rotateRoute.POST, { method: "POST", params: { slug, id }, token: account.token });

/** A route that answers YAML: status, text and headers. */
async function fetchText(handler: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>, params: Record<string, string>, headers: Record<string, string>) {
  const response = await handler(new Request("http://localhost/x", { headers }), { params: Promise.resolve(params) });
  return { status: response.status, text: await response.text(), headers: response.headers };
}
const licenseFile = (id: string, account = owner) => fetchText(licenseRoute.GET, { slug: owner.app.slug, id }, { authorization: `Bearer ${account.token}` });
const installYaml = (id: string, account = owner) => fetchText(installRoute.GET, { slug: owner.app.slug, id }, { authorization: `Bearer ${account.token}` });
const installYamlWithLicense = (licenseId: string, address = "198.51.100.7") =>
  fetchText(licenseInstallRoute.GET, {}, { authorization: `Bearer ${licenseId}`, "x-slipway-client-address": address });
const verify = (body: string) => callRoute(verifyRoute.POST, { method: "POST", body, headers: { "content-type": "application/yaml" } });

beforeAll(async () => {
  process.env.REGISTRY_HOST = HOST;
  owner = await createAccountWithApp("customers");
  stranger = await createAccountWithApp("customers-stranger");
  workDir = mkdtempSync(path.join(tmpdir(), "slipway-license-"));
  const db = testPrisma();
  await db.externalRegistry.create({ data: { teamId: owner.principal.teamId, name: QUAY, endpoint: "quay.io", kind: "quay", username: "robot", secretEncrypted: "" } });
  await seedManifest(db, await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/worker`), buildImageManifest({ seed: owner.app.slug }), { tag: "1.0.1" });
  const release = await callRoute(releasesRoute.POST, { method: "POST", params: { slug: owner.app.slug }, token: owner.token, json: { yaml: releaseYaml(owner.app.slug) } });
  expect(release.status).toBe(201);
  const promoted = await callRoute(promoteRoute.POST, { method: "POST", params: { slug: owner.app.slug, sequence: "1" }, token: owner.token, json: { channel: "Stable", version: "1.0.0" } });
  expect(promoted.status).toBe(201);
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe("customers", () => {
  it("creates a customer with a fresh 32-character license ID and who created it", async () => {
    const res = await create({ name: "Acme Corp", channel: "Stable", email: "Ops@Acme.example", type: "paid", expiresAt: "2099-12-31", airgap: true });
    expect(res.status).toBe(201);
    expect(res.body.customer).toMatchObject({
      name: "Acme Corp",
      email: "ops@acme.example",
      channel: "Stable",
      type: "paid",
      expiresAt: "2099-12-31T23:59:59.999Z",
      isExpired: false,
      airgap: true,
      archived: false,
      createdBy: { email: owner.email },
    });
    expect(res.body.customer.licenseId).toMatch(/^[0-9A-Za-z]{32}$/);
    expect((await get(res.body.customer.id)).body.customer.licenseId).toBe(res.body.customer.licenseId);
  });

  it("refuses bad input field by field and stores nothing", async () => {
    const before = await testPrisma().customer.count({ where: { appId: owner.app.id } });
    const res = await create({ name: "", channel: "Nope", type: "gold", expiresAt: "soon" });
    expect(res.status).toBe(400);
    expect(res.body.error.details.map((detail: { path: string }) => detail.path).sort()).toEqual(["expiresAt", "name", "type"]);
    const channel = await create({ name: "Someone", channel: "Nope" });
    expect(channel.body.error.message).toMatch(/channel: there is no channel "Nope"/);
    expect(await testPrisma().customer.count({ where: { appId: owner.app.id } })).toBe(before);
  });

  it("changes fields, archives (hidden unless asked for) and restores; a malformed or foreign id is 404", async () => {
    const { customer } = (await create({ name: "Beta Tester", channel: "Beta" })).body;
    const changed = await patch(customer.id, { channel: "Stable", expiresAt: "2000-01-01", airgap: true, email: "" });
    expect(changed.body.customer).toMatchObject({ channel: "Stable", isExpired: true, airgap: true, email: null });
    expect(new Date(changed.body.customer.licenseIssuedAt) > new Date(customer.licenseIssuedAt)).toBe(true);
    expect((await patch(customer.id, { expiresAt: null })).body.customer).toMatchObject({ expiresAt: null, isExpired: false });
    expect((await patch(customer.id, { archived: true })).body.customer.archived).toBe(true);
    expect((await list()).body.customers.some((c: { id: string }) => c.id === customer.id)).toBe(false);
    expect((await list("?archived=include")).body.customers.some((c: { id: string }) => c.id === customer.id)).toBe(true);
    expect((await patch(customer.id, { archived: false })).body.customer.archived).toBe(false);
    expect((await get("not-a-uuid")).status).toBe(404);
    expect((await get("00000000-0000-4000-8000-000000000000")).status).toBe(404);
  });

  it("rotates the license: a new ID, and the old one is remembered as revoked", async () => {
    const { customer } = (await create({ name: "Rotating", channel: "Stable" })).body;
    const rotated = await rotate(customer.id);
    expect(rotated.status).toBe(200);
    expect(rotated.body.customer.licenseId).not.toBe(customer.licenseId);
    expect(await testPrisma().revokedLicense.findUnique({ where: { licenseId: customer.licenseId } })).toMatchObject({ customerId: customer.id });
  });
});

describe("license files", () => {
  it("are signed so that openssl verifies them with the published key, and one changed byte fails", async () => {
    const { customer } = (await create({ name: "Signed & Sealed", channel: "Stable", type: "trial", expiresAt: "2099-01-01", airgap: true })).body;
    const file = await licenseFile(customer.id);
    expect(file.status).toBe(200);
    expect(file.headers.get("content-type")).toMatch(/^application\/yaml/);
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="signed-sealed-license.yaml"');
    const document = parse(file.text);
    expect(document.spec).toMatchObject({
      appSlug: owner.app.slug,
      customerName: "Signed & Sealed",
      channel: "Stable",
      licenseId: customer.licenseId,
      licenseType: "trial",
      expiresAt: "2099-01-01T23:59:59.999Z",
      entitlements: { airgap: true },
      registryHost: HOST,
    });
    const key = await callRoute(licenseKeyRoute.GET, { params: { slug: owner.app.slug }, token: owner.token });
    expect(key.body.publicKey).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    writeFileSync(path.join(workDir, "key.pem"), key.body.publicKey);
    writeFileSync(path.join(workDir, "signature"), Buffer.from(document.signature.value, "base64"));
    const opensslVerify = (message: string) => {
      writeFileSync(path.join(workDir, "message"), message);
      try {
        execFileSync("openssl", ["pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin", "-in", "message", "-sigfile", "signature"], { cwd: workDir, stdio: "pipe" });
        return true;
      } catch {
        return false;
      }
    };
    const message = canonicalJson(document.spec);
    expect(opensslVerify(message)).toBe(true);
    expect(opensslVerify(message.replace('"trial"', '"trian"'))).toBe(false);
    expect(await verify(file.text)).toMatchObject({ status: 200, body: { valid: true } });
    const tampered = file.text.replace("licenseType: trial", "licenseType: paid");
    expect(tampered).not.toBe(file.text);
    expect((await verify(tampered)).body).toMatchObject({ valid: false, reason: "bad_signature" });
  });

  it("verification says why a file is not valid: superseded, expired, revoked, archived, unknown, malformed", async () => {
    const { customer } = (await create({ name: "Lifecycle", channel: "Stable" })).body;
    const first = (await licenseFile(customer.id)).text;
    await patch(customer.id, { airgap: true });
    expect((await verify(first)).body).toMatchObject({ valid: false, reason: "superseded" });
    await patch(customer.id, { expiresAt: "2001-02-03" });
    expect((await verify((await licenseFile(customer.id)).text)).body).toMatchObject({ valid: false, reason: "expired", message: expect.stringContaining("2001-02-03") });
    await patch(customer.id, { expiresAt: null });
    const current = (await licenseFile(customer.id)).text;
    expect((await verify(current)).body.valid).toBe(true);
    await patch(customer.id, { archived: true });
    expect((await verify(current)).body.reason).toBe("archived");
    await patch(customer.id, { archived: false });
    await rotate(customer.id);
    expect((await verify(current)).body.reason).toBe("revoked");
    expect((await verify(current.replace(`appSlug: ${owner.app.slug}`, "appSlug: no-such-app-here"))).body.reason).toBe("unknown");
    expect((await verify("not: [a license")).body).toMatchObject({ valid: false, reason: "malformed" });
    expect((await verify("")).body.reason).toBe("malformed");
  });
});

describe("install YAML", () => {
  it("is the channel's current release rewritten, with the license pull secret, for the vendor and behind the license", async () => {
    const { customer } = (await create({ name: "Installer", channel: "Stable" })).body;
    const vendor = await installYaml(customer.id);
    expect(vendor.status).toBe(200);
    const documents = parseAllDocuments(vendor.text).map((document) => document.toJS());
    expect(documents.map((document) => document.kind)).toEqual(["Deployment", "Secret"]);
    expect(documents[0].spec.template.spec.containers.map((c: { image: string }) => c.image)).toEqual([
      `${HOST}/${owner.app.slug}/worker:1.0.1`,
      `${HOST}/proxy/${owner.app.slug}/quay.io/namespace/imagename:2.0.0`,
    ]);
    const config = JSON.parse(Buffer.from(documents[1].data[".dockerconfigjson"], "base64").toString());
    expect(config.auths[HOST]).toMatchObject({ username: customer.licenseId, password: customer.licenseId });
    const customerSide = await installYamlWithLicense(customer.licenseId);
    expect(customerSide.status).toBe(200);
    expect(customerSide.text).toBe(vendor.text);
  });

  it("explains a channel without a release, and refuses a revoked or unknown license", async () => {
    const { customer } = (await create({ name: "Early", channel: "Unstable" })).body;
    const none = await installYaml(customer.id);
    expect(none.status).toBe(409);
    expect(JSON.parse(none.text).error.message).toMatch(/The channel "Unstable" has no release yet/);
    await patch(customer.id, { archived: true });
    const revoked = await installYamlWithLicense(customer.licenseId);
    expect(revoked.status).toBe(401);
    expect(JSON.parse(revoked.text).error.message).toMatch(/license revoked/);
    expect((await installYamlWithLicense("x".repeat(32), "198.51.100.99")).status).toBe(401);
    expect((await fetchText(licenseInstallRoute.GET, {}, {})).status).toBe(401);
  });
});

describe("another team", () => {
  it("gets 404 for every customer route, and cannot create one on the app", async () => {
    const { customer } = (await create({ name: "Private", channel: "Stable" })).body;
    const slug = owner.app.slug;
    expect((await list("", stranger, slug)).status).toBe(404);
    expect((await create({ name: "Mine", channel: "Stable" }, stranger, slug)).status).toBe(404);
    expect((await get(customer.id, stranger, slug)).status).toBe(404);
    expect((await patch(customer.id, { archived: true }, stranger, slug)).status).toBe(404);
    expect((await rotate(customer.id, stranger, slug)).status).toBe(404);
    expect((await licenseFile(customer.id, stranger)).status).toBe(404);
    expect((await installYaml(customer.id, stranger)).status).toBe(404);
    expect((await callRoute(licenseKeyRoute.GET, { params: { slug }, token: stranger.token })).status).toBe(404);
    // Its own app's path with the owner's customer id finds nothing either.
    expect((await get(customer.id, stranger, stranger.app.slug)).status).toBe(404);
    expect((await get(customer.id)).body.customer.archived).toBe(false);
  });
});
