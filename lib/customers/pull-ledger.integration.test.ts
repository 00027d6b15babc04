/**
 * The pull ledger against the real registry and PostgreSQL: every manifest GET and HEAD
 * served to a license becomes one row with the digest served; a locked table fails the
 * flush fast and loudly but never the pull, and the rows are written once it is free;
 * the queue stays bounded; shutdown writes what waits; pruning keeps the retention.
 */
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPullLedger } from "@/lib/customers/pull-ledger";
import { createTestCustomer, type TestCustomer } from "@/lib/customers/test-support/create-test-customer";
import type { LicensePullEvent } from "@/lib/registry/http/context";
import { testDatabaseUrl, testPrisma } from "@/lib/test/database";
import {
  createTestTenant,
  fetchLicenseToken,
  fetchTenantToken,
  pushManifest,
  pushSmallImage,
  startTestRegistry,
  type TestRegistry,
  type TestTenant,
} from "@/lib/registry/http/test-registry";

let registry: TestRegistry;
let vendor: TestTenant;
let name: string;
let digest: string;

beforeAll(async () => {
  // A short lock timeout keeps the locked-table test's lock brief for the other test files' ledgers.
  registry = await startTestRegistry({}, { lockTimeoutMs: 200 });
  vendor = await createTestTenant("ledger");
  name = `${vendor.slug}/api`;
  const token = await fetchTenantToken(registry, vendor, [name]);
  const image = await pushSmallImage(registry, token, name);
  digest = await pushManifest(registry, token, name, "1.0.0", image.manifest);
});

afterAll(async () => {
  await registry.close();
});

const newCustomer = () => createTestCustomer(testPrisma(), { slug: vendor.slug, createdById: vendor.account.principal.userId });
const rowsOf = (customer: TestCustomer) => testPrisma().licensePull.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } });

function pull(token: string, reference: string, method = "GET"): Promise<Response> {
  return fetch(`${registry.origin}/v2/${name}/manifests/${reference}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, Accept: "application/vnd.oci.image.manifest.v1+json", "User-Agent": "containerd/1.7.0 (ledger test)" },
  });
}

function event(customer: TestCustomer, pulledAt = new Date()): LicensePullEvent {
  return { customerId: customer.id, appId: customer.appId, repository: name, reference: "1.0.0", digest, method: "GET", clientAddress: "127.0.0.1", userAgent: "test", pulledAt };
}

describe("recording license pulls", () => {
  it("writes one row per manifest GET and HEAD served to the license, and nothing else", async () => {
    const customer = await newCustomer();
    const token = await fetchLicenseToken(registry, customer.licenseId, [`repository:${name}:pull`]);
    const started = Date.now();
    const requests = [...Array(4).fill(["1.0.0", "GET"]), ...Array(3).fill([digest, "HEAD"]), [digest, "GET"]] as [string, string][];
    for (const [reference, method] of requests) expect((await pull(token, reference, method)).status).toBe(200);
    expect((await pull(token, "no-such-tag")).status).toBe(404);
    const vendorToken = await fetchTenantToken(registry, vendor, [name]);
    expect((await pull(vendorToken, "1.0.0")).status).toBe(200);
    await registry.ledger.flush();
    const rows = await rowsOf(customer);
    expect(rows.map((row) => `${row.method} ${row.reference}`)).toEqual(requests.map(([reference, method]) => `${method} ${reference}`));
    for (const row of rows) {
      expect(row).toMatchObject({ appId: customer.appId, repository: name, digest, clientAddress: "127.0.0.1", userAgent: "containerd/1.7.0 (ledger test)" });
      expect(row.pulledAt.getTime()).toBeGreaterThanOrEqual(started - 1000);
      expect(row.pulledAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
  });

  it("lets pulls succeed while the table is locked, logs the failed flush, and writes the rows once it is free", async () => {
    const customer = await newCustomer();
    const token = await fetchLicenseToken(registry, customer.licenseId, [`repository:${name}:pull`]);
    const locker = new pg.Client({ connectionString: testDatabaseUrl() });
    await locker.connect();
    try {
      await locker.query('BEGIN; LOCK TABLE "LicensePull" IN ACCESS EXCLUSIVE MODE');
      const started = Date.now();
      for (let index = 0; index < 3; index += 1) expect((await pull(token, "1.0.0")).status).toBe(200);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(await registry.ledger.flush()).toBe(0);
      await locker.query("ROLLBACK");
    } finally {
      await locker.end();
    }
    expect(registry.loggedErrors).toHaveLength(1);
    expect(registry.loggedErrors[0]).toMatch(/pull ledger: writing pulls failed.*lock/);
    registry.loggedErrors.length = 0;
    expect(registry.ledger.queuedRows).toBe(3);
    expect(await registry.ledger.flush()).toBe(3);
    expect(await rowsOf(customer)).toHaveLength(3);
  });

  it("drops the oldest rows past its bound with a warning, and writes what waits when closed", async () => {
    const customer = await newCustomer();
    const warnings: string[] = [];
    const ledger = createPullLedger({
      prisma: testPrisma(),
      logger: { warn: (message, fields) => warnings.push(`${message} ${JSON.stringify(fields)}`), error: (message) => warnings.push(message) },
      maxQueuedRows: 3,
      flushIntervalMs: 60_000,
      pruneIntervalMs: 0,
    });
    const base = Date.now();
    for (let index = 0; index < 5; index += 1) ledger.record({ ...event(customer, new Date(base + index * 1000)), reference: `r${index}` });
    await ledger.close();
    ledger.record(event(customer));
    expect(warnings).toEqual(['pull ledger: queue full, dropped the oldest rows {"rows":2}']);
    expect((await rowsOf(customer)).map((row) => row.reference)).toEqual(["r2", "r3", "r4"]);
  });

  it("drops the rows of a customer deleted before the flush instead of retrying them forever", async () => {
    const kept = await newCustomer();
    const deleted = await newCustomer();
    const ledger = createPullLedger({ prisma: testPrisma(), flushIntervalMs: 60_000, pruneIntervalMs: 0 });
    ledger.record(event(kept));
    ledger.record(event(deleted));
    await testPrisma().customer.delete({ where: { id: deleted.id } });
    expect(await ledger.flush()).toBe(1);
    expect(ledger.queuedRows).toBe(0);
    expect(await rowsOf(kept)).toHaveLength(1);
    await ledger.close();
  });
});

describe("retention", () => {
  it("prunes rows older than the retention and keeps newer ones", async () => {
    const customer = await newCustomer();
    const day = 24 * 60 * 60 * 1000;
    const now = Date.now();
    await testPrisma().licensePull.createMany({
      data: [100, 91, 89, 1].map((age) => ({ ...event(customer, new Date(now - age * day)), reference: `${age}d` })),
    });
    const ledger = createPullLedger({ prisma: testPrisma(), retentionDays: 90, pruneIntervalMs: 0 });
    expect(await ledger.prune(new Date(now))).toBeGreaterThanOrEqual(2);
    expect((await rowsOf(customer)).map((row) => row.reference)).toEqual(["89d", "1d"]);
    expect(await ledger.prune(new Date(now))).toBe(0);
    await ledger.close();
  });
});
