/**
 * The audit log: each recorded action writes exactly one row naming the right actor
 * (person or service account), with the request's client address and id; a forced
 * failure of the audit insert neither fails the action nor loses the row (it is spooled
 * and written later); the table refuses UPDATE and DELETE, except pruning past the
 * retention; and no code path updates or deletes events.
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as auditRoute from "@/app/api/v1/audit/route";
import * as customersRoute from "@/app/api/v1/apps/[slug]/customers/route";
import * as registriesRoute from "@/app/api/v1/registries/route";
import * as registryRoute from "@/app/api/v1/registries/[name]/route";
import * as serviceAccountsRoute from "@/app/api/v1/service-accounts/route";
import * as serviceAccountRoute from "@/app/api/v1/service-accounts/[id]/route";
import { CLIENT_ADDRESS_HEADER } from "@/lib/api/client-address";
import { createTestTeam, type TestTeam } from "@/lib/teams/test-team";
import { testPrisma, uniqueSuffix } from "@/lib/test/database";
import { callRoute } from "@/lib/test/call-route";
import { fetchToken, pushManifest, pushSmallImage, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";
import { flushSpooledAuditEvents } from "./record-audit-event";
import { pruneAuditEvents } from "./prune-audit-events";

let team: TestTeam;
let spoolDir: string;
let registry: TestRegistry;

beforeAll(async () => {
  spoolDir = await mkdtemp(path.join(tmpdir(), "slipway-audit-spool-"));
  process.env.AUDIT_SPOOL_DIR = spoolDir;
  team = await createTestTeam("audit");
  registry = await startTestRegistry();
});

afterAll(async () => {
  await registry.close();
  await rm(spoolDir, { recursive: true, force: true });
});

const headers = { [CLIENT_ADDRESS_HEADER]: "203.0.113.7", "x-request-id": "req-audit-1" };

async function eventsFor(target: string) {
  return testPrisma().auditEvent.findMany({ where: { teamId: team.teamId, target }, orderBy: { id: "asc" } });
}

describe("each recorded action writes exactly one row with the right actor", () => {
  it("app, customer, external registry and service account changes made through the API", async () => {
    const dev = team.members.developer;
    const name = `Audited ${uniqueSuffix()}`;
    const app = await callRoute(appsRoute.POST, { method: "POST", token: dev.token, path: "/api/v1/apps", json: { name }, headers });
    expect(app.status, JSON.stringify(app.body)).toBe(201);
    const [created] = await eventsFor(name);
    expect(await eventsFor(name)).toHaveLength(1);
    expect(created).toMatchObject({ action: "app.created", actorKind: "person", actorId: dev.userId, actorName: dev.email, appSlug: app.body.app.slug, clientAddress: "203.0.113.7", requestId: "req-audit-1" });

    const customer = await callRoute(customersRoute.POST, { method: "POST", token: dev.token, path: `/api/v1/apps/${team.slug}/customers`, params: { slug: team.slug }, json: { name: `Acme ${name}`, channel: "Stable" } });
    expect(customer.status).toBe(201);
    expect((await eventsFor(`Acme ${name}`)).map((event) => [event.action, event.actorName, event.appSlug])).toEqual([["customer.created", dev.email, team.slug]]);

    const admin = team.members.admin;
    const registryName = `quay-${uniqueSuffix()}`;
    const added = await callRoute(registriesRoute.POST, { method: "POST", token: admin.token, path: "/api/v1/registries", json: { name: registryName, endpoint: "quay.io/acme", username: "robot", password: "secret" } });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    const removed = await callRoute(registryRoute.DELETE, { method: "DELETE", token: admin.token, path: `/api/v1/registries/${registryName}`, params: { name: registryName } });
    expect(removed.status).toBe(204);
    expect((await eventsFor(registryName)).map((event) => [event.action, event.actorName])).toEqual([
      ["external_registry.created", admin.email],
      ["external_registry.deleted", admin.email],
    ]);

    const sa = await callRoute(serviceAccountsRoute.POST, { method: "POST", token: admin.token, path: "/api/v1/service-accounts", json: { name: `deploy-${uniqueSuffix()}`, scopes: [{ app: team.slug, actions: ["pull", "push", "delete"] }] } });
    expect(sa.status).toBe(201);
    const username = sa.body.serviceAccount.username;
    expect((await eventsFor(username)).map((event) => event.action)).toEqual(["service_account.created"]);

    // A push and a tag delete by the service account over /v2/ name the account, not its creator.
    const bearer = await fetchToken(registry, username, sa.body.token, [`repository:${team.slug}/api:pull,push,delete`]);
    const image = await pushSmallImage(registry, bearer, `${team.slug}/api`);
    const digest = await pushManifest(registry, bearer, `${team.slug}/api`, "2.0.0", image.manifest);
    const deleted = await fetch(`${registry.origin}/v2/${team.slug}/api/manifests/2.0.0`, { method: "DELETE", headers: { Authorization: `Bearer ${bearer}` } });
    expect(deleted.status).toBe(202);
    const registryEvents = await eventsFor(`${team.slug}/api:2.0.0`);
    expect(registryEvents.map((event) => [event.action, event.actorKind, event.actorId, event.actorName])).toEqual([
      ["image.pushed", "service-account", sa.body.serviceAccount.id, username],
      ["tag.deleted", "service-account", sa.body.serviceAccount.id, username],
    ]);
    expect(registryEvents[0]!.details).toEqual({ digest, tag: "2.0.0" });
    expect(registryEvents[0]!.clientAddress).toBe("127.0.0.1");

    const gone = await callRoute(serviceAccountRoute.DELETE, { method: "DELETE", token: admin.token, path: `/api/v1/service-accounts/${sa.body.serviceAccount.id}`, params: { id: sa.body.serviceAccount.id } });
    expect(gone.status).toBe(204);
    expect((await eventsFor(username)).map((event) => event.action)).toEqual(["service_account.created", "service_account.deleted"]);
  });
});

describe("the audit API", () => {
  it("filters by actor, app and action, pages by cursor, and exports CSV; a developer may not read it", async () => {
    const owner = team.owner;
    const page1 = await callRoute(auditRoute.GET, { token: owner.token, path: `/api/v1/audit?limit=2&actor=${encodeURIComponent(team.members.admin.email)}` });
    expect(page1.status).toBe(200);
    expect(page1.body.events).toHaveLength(2);
    expect(page1.body.events[0]).toMatchObject({ id: expect.any(String), at: expect.any(String), actor: { kind: "person", name: team.members.admin.email }, action: expect.any(String) });
    const page2 = await callRoute(auditRoute.GET, { token: owner.token, path: `/api/v1/audit?limit=2&actor=${encodeURIComponent(team.members.admin.email)}&cursor=${page1.body.nextCursor}` });
    const ids = [...page1.body.events, ...page2.body.events].map((event: { id: string }) => BigInt(event.id));
    expect(ids).toEqual([...ids].sort((a, b) => (a > b ? -1 : 1)));
    expect(new Set(ids).size).toBe(ids.length);

    const byAction = await callRoute(auditRoute.GET, { token: owner.token, path: `/api/v1/audit?action=customer.created&app=${team.slug}` });
    expect(byAction.body.events.map((event: { action: string; app: string }) => [event.action, event.app])).toEqual([["customer.created", team.slug]]);
    const badAction = await callRoute(auditRoute.GET, { token: owner.token, path: "/api/v1/audit?action=nope" });
    expect(badAction.status).toBe(400);

    const raw = await auditRoute.GET(new Request(`http://localhost/api/v1/audit?format=csv&action=customer.created`, { headers: { authorization: `Bearer ${owner.token}` } }), { params: Promise.resolve({}) });
    expect(raw.headers.get("content-type")).toMatch(/text\/csv/);
    const lines = (await raw.text()).trim().split("\n");
    expect(lines[0]).toBe("id,at,actor_kind,actor_id,actor,action,app,target,client_address,request_id");
    expect(lines).toHaveLength(2);

    const developer = await callRoute(auditRoute.GET, { token: team.members.developer.token, path: "/api/v1/audit" });
    expect(developer.status).toBe(403);
  });
});

describe("writing never fails the action, and the row is not lost", () => {
  it("a failing audit insert is spooled; the app is created; a flush writes the row exactly once", async () => {
    const db = testPrisma();
    const name = `Spooled ${uniqueSuffix()}`;
    // A real failure of the insert, for this one event only (other tests share the database).
    const fn = `audit_fail_${uniqueSuffix()}`;
    await db.$executeRawUnsafe(`CREATE FUNCTION ${fn}() RETURNS trigger AS $$ BEGIN IF NEW.target = '${name}' THEN RAISE EXCEPTION 'forced audit failure'; END IF; RETURN NEW; END; $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER ${fn} BEFORE INSERT ON "AuditEvent" FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    try {
      const app = await callRoute(appsRoute.POST, { method: "POST", token: team.members.developer.token, path: "/api/v1/apps", json: { name } });
      expect(app.status).toBe(201);
      expect(await db.app.count({ where: { slug: app.body.app.slug } })).toBe(1);
      expect(await eventsFor(name)).toHaveLength(0);
      const spooled = (await Promise.all((await readdir(spoolDir)).map((file) => readFile(path.join(spoolDir, file), "utf8")))).join("");
      expect(spooled).toContain(name);
    } finally {
      await db.$executeRawUnsafe(`DROP TRIGGER ${fn} ON "AuditEvent"`);
      await db.$executeRawUnsafe(`DROP FUNCTION ${fn}()`);
    }
    expect(await flushSpooledAuditEvents()).toBeGreaterThanOrEqual(1);
    expect(await flushSpooledAuditEvents()).toBe(0);
    const rows = await eventsFor(name);
    expect(rows.map((row) => [row.action, row.actorName])).toEqual([["app.created", team.members.developer.email]]);
  });
});

describe("append-only", () => {
  it("refuses UPDATE, DELETE and TRUNCATE; pruning deletes only what is past the retention", async () => {
    const db = testPrisma();
    const [recent] = await eventsFor(team.owner.email).then((rows) => (rows.length ? rows : db.auditEvent.findMany({ where: { teamId: team.teamId }, take: 1 })));
    expect(recent).toBeDefined();
    await expect(db.$executeRaw`UPDATE "AuditEvent" SET "actorName" = 'someone else' WHERE id = ${recent!.id}`).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEvent" WHERE id = ${recent!.id}`).rejects.toThrow(/append-only/);
    await expect(db.auditEvent.deleteMany({ where: { id: recent!.id } })).rejects.toThrow(/append-only/);
    await expect(db.$executeRawUnsafe(`TRUNCATE "AuditEvent"`)).rejects.toThrow(/append-only/);

    const old = `ancient-${uniqueSuffix()}`;
    await db.$executeRaw`INSERT INTO "AuditEvent" ("at", "teamId", "actorKind", "actorName", "action", "target") VALUES (now() - interval '400 days', ${team.teamId}::uuid, 'person', 'x', 'app.created', ${old})`;
    expect(await pruneAuditEvents(365)).toBeGreaterThanOrEqual(1);
    expect(await eventsFor(old)).toHaveLength(0);
    expect(await db.auditEvent.count({ where: { id: recent!.id } })).toBe(1);
  });

  it("no application code updates or deletes audit events", async () => {
    const { execFileSync } = await import("node:child_process");
    const hits = execFileSync("grep", ["-rEln", 'auditEvent\\.(update|delete|upsert)|(UPDATE|DELETE FROM) "AuditEvent"', "lib", "app", "scripts", "components", "--include=*.ts", "--include=*.tsx", "--exclude-dir=generated"], { encoding: "utf8" }).split("\n").filter(Boolean);
    expect(hits.filter((file) => !file.endsWith(".test.ts")).sort()).toEqual(["lib/audit/prune-audit-events.ts"]);
  });
});
