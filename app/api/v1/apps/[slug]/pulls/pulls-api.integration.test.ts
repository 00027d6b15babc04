/**
 * Reading the pull ledger through the API: a customer's pulls (newest first, limited)
 * with per-image counts, and the customers who pulled a digest; another team, another
 * application's customer and a malformed id all read as not found.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as customerPullsRoute from "@/app/api/v1/apps/[slug]/customers/[id]/pulls/route";
import * as digestPullsRoute from "@/app/api/v1/apps/[slug]/pulls/route";
import { createTestCustomer, type TestCustomer } from "@/lib/customers/test-support/create-test-customer";
import { createAccountWithApp, type AccountWithApp } from "@/lib/images/test-support/account-with-app";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";

const WEB = `sha256:${"1".repeat(64)}`;
const WORKER = `sha256:${"2".repeat(64)}`;

let vendor: AccountWithApp;
let otherApp: AccountWithApp;
let acme: TestCustomer;
let globex: TestCustomer;
let elsewhere: TestCustomer;

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000);

function pullRow(customer: TestCustomer, repository: string, digest: string, at: Date, method = "GET") {
  return { customerId: customer.id, appId: customer.appId, repository, reference: "1.0.0", digest, method, clientAddress: "10.0.0.7", userAgent: "containerd/1.7", pulledAt: at };
}

beforeAll(async () => {
  vendor = await createAccountWithApp("pulls-api");
  otherApp = await createAccountWithApp("pulls-other");
  const create = (account: AccountWithApp, name: string) => createTestCustomer(testPrisma(), { slug: account.app.slug, createdById: account.principal.userId, name });
  acme = await create(vendor, "Acme");
  globex = await create(vendor, "Globex");
  elsewhere = await create(otherApp, "Elsewhere");
  const web = `${vendor.app.slug}/web`;
  const worker = `${vendor.app.slug}/worker`;
  await testPrisma().licensePull.createMany({
    data: [
      pullRow(acme, web, WEB, minutesAgo(30)),
      pullRow(acme, web, WEB, minutesAgo(20), "HEAD"),
      pullRow(acme, worker, WORKER, minutesAgo(10)),
      pullRow(globex, web, WEB, minutesAgo(5)),
      pullRow(elsewhere, `${otherApp.app.slug}/web`, WEB, minutesAgo(1)),
    ],
  });
});

const customerPulls = (account: AccountWithApp, slug: string, id: string, query = "") =>
  callRoute(customerPullsRoute.GET, { path: `/api/v1/apps/${slug}/customers/${id}/pulls${query}`, params: { slug, id }, token: account.token });
const digestPullers = (account: AccountWithApp, slug: string, query: string) =>
  callRoute(digestPullsRoute.GET, { path: `/api/v1/apps/${slug}/pulls${query}`, params: { slug }, token: account.token });

describe("GET /api/v1/apps/{slug}/customers/{id}/pulls", () => {
  it("lists the customer's pulls newest first with per-image counts", async () => {
    const response = await customerPulls(vendor, vendor.app.slug, acme.id);
    expect(response.status).toBe(200);
    expect(response.body.pulls.map((pull: { repository: string; method: string }) => `${pull.method} ${pull.repository}`)).toEqual([
      `GET ${vendor.app.slug}/worker`,
      `HEAD ${vendor.app.slug}/web`,
      `GET ${vendor.app.slug}/web`,
    ]);
    expect(response.body.pulls[0]).toEqual({
      repository: `${vendor.app.slug}/worker`,
      reference: "1.0.0",
      digest: WORKER,
      method: "GET",
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      clientAddress: "10.0.0.7",
      userAgent: "containerd/1.7",
    });
    expect(response.body.images).toEqual([
      { repository: `${vendor.app.slug}/worker`, count: 1, lastPulledAt: response.body.pulls[0].at },
      { repository: `${vendor.app.slug}/web`, count: 2, lastPulledAt: response.body.pulls[1].at },
    ]);
  });

  it("takes a limit, and names a bad one", async () => {
    const limited = await customerPulls(vendor, vendor.app.slug, acme.id, "?limit=1");
    expect(limited.body.pulls).toHaveLength(1);
    expect(limited.body.images).toHaveLength(2);
    const bad = await customerPulls(vendor, vendor.app.slug, acme.id, "?limit=0");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^limit: /);
  });

  it("answers 404 for another team, another application's customer and an id that is not a UUID", async () => {
    expect((await customerPulls(otherApp, vendor.app.slug, acme.id)).status).toBe(404);
    expect((await customerPulls(vendor, vendor.app.slug, elsewhere.id)).status).toBe(404);
    expect((await customerPulls(vendor, vendor.app.slug, "not-a-uuid")).status).toBe(404);
  });
});

describe("GET /api/v1/apps/{slug}/pulls?digest=", () => {
  it("lists the application's customers who pulled the digest, most recent first", async () => {
    const response = await digestPullers(vendor, vendor.app.slug, `?digest=${WEB}`);
    expect(response.status).toBe(200);
    expect(response.body.customers).toEqual([
      { id: globex.id, name: "Globex", count: 1, lastPulledAt: expect.any(String) },
      { id: acme.id, name: "Acme", count: 2, lastPulledAt: expect.any(String) },
    ]);
    expect((await digestPullers(vendor, vendor.app.slug, `?digest=sha256:${"3".repeat(64)}`)).body.customers).toEqual([]);
  });

  it("refuses a missing or malformed digest, and answers 404 to another team", async () => {
    for (const query of ["", "?digest=latest"]) {
      const response = await digestPullers(vendor, vendor.app.slug, query);
      expect(response.status, query).toBe(400);
      expect(response.body.error.message).toMatch(/^digest: /);
    }
    expect((await digestPullers(otherApp, vendor.app.slug, `?digest=${WEB}`)).status).toBe(404);
  });
});
