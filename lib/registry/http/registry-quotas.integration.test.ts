/**
 * Resource limits on uploads, over raw HTTP and with skopeo: a team's storage quota
 * (refused before a byte is stored when the size is announced, cut off and deleted when
 * it is not), the largest blob, the free-space reserve (reads keep working), and the caps
 * on open upload sessions per user and per application.
 */
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat } from "node:fs/promises";
import { request, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { computeDigest } from "@/lib/registry/digests";
import pg from "pg";
import { testDatabaseUrl } from "@/lib/test/database";
import { findAppTeamStorage, readLinkHorizon } from "@/lib/quotas/team-usage";
import { forgetTeamStorageReading, planTeamStorage } from "@/lib/quotas/team-storage-readings";
import { claimUploadSession, releaseUploadClaim } from "@/lib/registry/metadata/upload-sessions";
import type { QuotaSettings } from "@/lib/quotas/quota-settings";
import { createTestTenant, fetchTenantToken, pushBlob, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";
import { writeImageLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy } from "@/lib/registry/http/test-skopeo";

const KiB = 1024;
const UNLIMITED: QuotaSettings = { teamStorageQuota: 0, maxBlobSize: 0, minFreeSpace: 0, maxUploadSessionsPerUser: 1000, maxUploadSessionsPerApp: 1000 };

let registry: TestRegistry;
let tenant: TestTenant;
let name: string;
let token: string;

function limits(settings: Partial<QuotaSettings>, freeSpacePaths: string[] = []): void {
  registry.options.uploadLimits = { settings: { ...UNLIMITED, ...settings }, freeSpacePaths };
}

async function setTeamQuota(bytes: number | null): Promise<void> {
  await testPrisma().team.update({ where: { id: tenant.account.principal.teamId }, data: { storageQuota: bytes === null ? null : BigInt(bytes) } });
}

beforeAll(async () => {
  registry = await startTestRegistry();
  tenant = await createTestTenant("quota");
  name = `${tenant.slug}/api`;
  token = await fetchTenantToken(registry, tenant, [name, `${tenant.slug}/web`, `${tenant.slug}/quota-new`]);
});

beforeEach(async () => {
  limits({});
  await setTeamQuota(null);
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
});

function api(pathname: string, init: RequestInit & { body?: Uint8Array | ReadableStream | null } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return fetch(`${registry.origin}${pathname}`, { ...init, headers, ...(init.body instanceof ReadableStream ? { duplex: "half" } : {}) } as RequestInit);
}

async function readError(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { errors: { code: string; message: string }[] }).errors[0]!;
}

/** Sends only the request's headers (a body announced but not sent) and resolves with the answer. */
function sendHeadersOnly(method: string, pathname: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${registry.origin}${pathname}`, { method, headers: { Authorization: `Bearer ${token}`, ...headers } }, (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        resolve({ status: res.statusCode!, body: Buffer.concat(chunks).toString() });
        req.destroy();
      });
    });
    req.on("error", reject);
    req.flushHeaders();
  });
}

async function uploadAreas(): Promise<string[]> {
  return readdir(path.join(registry.storageDir, "uploads")).catch(() => []);
}

async function startSession(): Promise<string> {
  const response = await api(`/v2/${name}/blobs/uploads/`, { method: "POST" });
  expect(response.status, await response.clone().text()).toBe(202);
  return response.headers.get("location")!;
}

/** A body streamed without Content-Length (chunked), in 16 KiB pieces. */
function streamedBody(total: number): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent >= total) return controller.close();
      const size = Math.min(16 * KiB, total - sent);
      sent += size;
      controller.enqueue(new Uint8Array(randomBytes(size)));
    },
  });
}

describe("team storage quota", () => {
  it("counts each distinct blob once per team, plus uploads in progress", async () => {
    const blob = randomBytes(10 * KiB);
    await pushBlob(registry, token, name, blob);
    const before = await findAppTeamStorage(testPrisma(), tenant.slug);
    await pushBlob(registry, token, `${tenant.slug}/web`, blob);
    const after = await findAppTeamStorage(testPrisma(), tenant.slug);
    expect(after!.blobBytes).toBe(before!.blobBytes);
    const location = await startSession();
    expect((await api(location, { method: "PATCH", body: new Uint8Array(randomBytes(3 * KiB)) })).status).toBe(202);
    expect((await findAppTeamStorage(testPrisma(), tenant.slug))!.uploadBytes).toBe(before!.uploadBytes + 3 * KiB);
    expect((await api(location, { method: "DELETE" })).status).toBe(204);
  });

  it("reads the same team storage in the statement that claims a session as findAppTeamStorage does", async () => {
    await pushBlob(registry, token, name, randomBytes(6 * KiB));
    const location = await startSession();
    const id = location.split("/").pop()!;
    expect((await api(location, { method: "PATCH", body: new Uint8Array(randomBytes(2 * KiB)) })).status).toBe(202);
    const prisma = testPrisma();
    for (const quota of [null, 64 * 1024 * KiB]) {
      await setTeamQuota(quota);
      for (const skipUsageUnlessOwnQuota of [false, true]) {
        const expected = await findAppTeamStorage(prisma, tenant.slug, { skipUsageUnlessOwnQuota });
        const claimed = await claimUploadSession(prisma, id, name, { teamStorage: { skipUsageUnlessOwnQuota } });
        expect(claimed.kind).toBe("claimed");
        if (claimed.kind !== "claimed") return;
        // Claiming does not change the session's counted bytes, so the sums agree exactly.
        expect(claimed.teamStorage).toEqual(expected);
        expect(expected!.blobBytes > 0 || (skipUsageUnlessOwnQuota && quota === null)).toBe(true);
        expect(await releaseUploadClaim(prisma, claimed.claim, claimed.claim.offset)).toBe(true);
      }
    }
    const plain = await claimUploadSession(prisma, id, name);
    expect(plain.kind === "claimed" && plain.teamStorage).toBe(undefined);
    if (plain.kind === "claimed") await releaseUploadClaim(prisma, plain.claim, plain.claim.offset);
    expect((await api(location, { method: "DELETE" })).status).toBe(204);
  });

  it("refuses a monolithic upload whose Content-Length passes the quota before reading a byte of it", async () => {
    const used = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
    await setTeamQuota(used.blobBytes + used.uploadBytes + 64 * KiB);
    const areasBefore = await uploadAreas();
    const digest = computeDigest(randomBytes(8));
    const answer = await sendHeadersOnly("POST", `/v2/${name}/blobs/uploads/?digest=${digest}`, { "Content-Length": String(100 * 1024 * KiB), "Content-Type": "application/octet-stream" });
    expect(answer.status).toBe(403);
    const error = JSON.parse(answer.body).errors[0];
    expect(error.code).toBe("DENIED");
    expect(error.message).toMatch(/over its storage quota: [\d.]+ KiB of [\d.]+ KiB used; this upload needs 100\.0 MiB more.*instance administrator to raise the quota/);
    expect(await uploadAreas()).toEqual(areasBefore);
    expect(await testPrisma().blob.findUnique({ where: { digest } })).toBeNull();
  });

  it("refuses a completing PUT whose Content-Length passes the quota before a byte of it is stored", async () => {
    const used = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
    await setTeamQuota(used.blobBytes + used.uploadBytes + 64 * KiB);
    const location = await startSession();
    const id = location.split("/").pop()!;
    const answer = await sendHeadersOnly("PUT", `${location}?digest=${computeDigest(randomBytes(8))}`, { "Content-Length": String(10 * 1024 * KiB), "Content-Type": "application/octet-stream" });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).errors[0]).toMatchObject({ code: "DENIED", message: expect.stringMatching(/this upload needs 10\.0 MiB more/) });
    expect((await stat(path.join(registry.storageDir, "uploads", id))).size).toBe(0);
    const status = await api(location);
    expect(status.headers.get("range")).toBe("0-0");
    expect((await api(location, { method: "DELETE" })).status).toBe(204);
  });

  it("refuses a chunk whose Content-Length passes the quota and keeps the session where it was", async () => {
    const location = await startSession();
    expect((await api(location, { method: "PATCH", body: new Uint8Array(randomBytes(4 * KiB)) })).status).toBe(202);
    const used = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
    await setTeamQuota(used.blobBytes + used.uploadBytes + 8 * KiB);
    const answer = await sendHeadersOnly("PATCH", location, { "Content-Length": String(16 * KiB), "Content-Range": `${4 * KiB}-${20 * KiB - 1}` });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.body).errors[0].code).toBe("DENIED");
    const status = await api(location);
    expect(status.status).toBe(204);
    expect(status.headers.get("range")).toBe(`0-${4 * KiB - 1}`);
    // What still fits is taken.
    expect((await api(location, { method: "PATCH", body: new Uint8Array(randomBytes(8 * KiB)) })).status).toBe(202);
    expect((await api(location, { method: "DELETE" })).status).toBe(204);
  });

  it("cuts off a streamed body at the quota, answers DENIED and deletes the partial upload", async () => {
    const used = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
    await setTeamQuota(used.blobBytes + used.uploadBytes + 100 * KiB);
    const location = await startSession();
    const id = location.split("/").pop()!;
    const response = await api(location, { method: "PATCH", body: streamedBody(1024 * KiB) });
    expect(response.status).toBe(403);
    const error = await readError(response);
    expect(error.code).toBe("DENIED");
    expect(error.message).toMatch(/over its storage quota/);
    expect((await api(location)).status).toBe(404);
    expect(await uploadAreas()).not.toContain(id);
    expect(await testPrisma().uploadSession.findUnique({ where: { id } })).toBeNull();
  });

  it("refuses to open a session once the team is at its quota, and 0 means unlimited", async () => {
    const used = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
    await setTeamQuota(used.blobBytes + used.uploadBytes);
    const areasBefore = await uploadAreas();
    const ofTenant = { where: { repository: { name: { startsWith: `${tenant.slug}/` } } } };
    const sessionsBefore = await testPrisma().uploadSession.count(ofTenant);
    const refused = await api(`/v2/${name}/blobs/uploads/`, { method: "POST" });
    expect(refused.status).toBe(403);
    expect((await readError(refused)).message).toMatch(/over its storage quota/);
    // The quota is read with the session caps once the session exists; refused, nothing of it stays.
    expect((await uploadAreas()).sort()).toEqual(areasBefore.sort());
    expect(await testPrisma().uploadSession.count(ofTenant)).toBe(sessionsBefore);
    const firstPush = await api(`/v2/${tenant.slug}/quota-new/blobs/uploads/`, { method: "POST" });
    expect(firstPush.status).toBe(403);
    expect(await testPrisma().repository.count({ where: { name: `${tenant.slug}/quota-new` } })).toBe(0);
    await setTeamQuota(0);
    limits({ teamStorageQuota: 1 });
    await pushBlob(registry, token, name, randomBytes(4 * KiB));
  });

  it("applies the default quota to a team without its own", async () => {
    limits({ teamStorageQuota: 1 * KiB });
    const response = await api(`/v2/${name}/blobs/uploads/?digest=${computeDigest(Buffer.alloc(4 * KiB))}`, { method: "POST", body: new Uint8Array(4 * KiB) });
    expect(response.status).toBe(403);
    expect((await readError(response)).message).toMatch(/of 1\.0 KiB used/);
  });
});

describe("team storage estimates", () => {
  /** The team's exact storage: blobs and uploads in progress. */
  async function exactUsed(): Promise<number> {
    const exact = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
    return exact.blobBytes + exact.uploadBytes;
  }

  /** Has the registry take a new reading of the team's blob bytes, as an upload request does. */
  async function takeReading(): Promise<void> {
    forgetTeamStorageReading(tenant.slug);
    expect((await api(await startSession(), { method: "DELETE" })).status).toBe(204);
    expect((await planTeamStorage(testPrisma(), tenant.slug, false)).reading).toMatchObject({ teamId: tenant.account.principal.teamId });
  }

  /** Pushes new content into two repositories of the team: stored once, two links for an estimate. */
  async function pushTwice(size: number): Promise<void> {
    const content = randomBytes(size);
    await pushBlob(registry, token, name, content);
    await pushBlob(registry, token, `${tenant.slug}/web`, content);
  }

  it("counts a link whose transaction was still open when the reading was taken", async () => {
    const prisma = testPrisma();
    const repository = await prisma.repository.findUniqueOrThrow({ where: { name } });
    const content = randomBytes(32 * KiB);
    const digest = computeDigest(content);
    const writer = new pg.Client({ connectionString: testDatabaseUrl() });
    await writer.connect();
    try {
      // A blob commit in progress (metadata/blobs.ts): its link carries the transaction's start as createdAt.
      await writer.query("BEGIN");
      await writer.query(`INSERT INTO "Blob" (digest, size) VALUES ($1, $2)`, [digest, content.length]);
      await writer.query(`INSERT INTO "RepositoryBlob" ("repositoryId", digest) VALUES ($1::uuid, $2)`, [repository.id, digest]);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const since = await readLinkHorizon(prisma);
      const reading = (await findAppTeamStorage(prisma, tenant.slug))!;
      await writer.query("COMMIT");
      const exact = (await findAppTeamStorage(prisma, tenant.slug))!;
      expect(exact.blobBytes).toBe(reading.blobBytes + content.length);
      const estimate = (await findAppTeamStorage(prisma, tenant.slug, { reading: { teamId: reading.teamId, blobBytes: reading.blobBytes, since: since! } }))!;
      expect(estimate.isEstimate).toBe(true);
      expect(estimate.blobBytes).toBeGreaterThanOrEqual(exact.blobBytes);
    } finally {
      await writer.end();
    }
  });

  it("admits on an estimate, but refuses only on the exact sum", async () => {
    await setTeamQuota(64 * 1024 * KiB);
    await takeReading();
    await pushTwice(64 * KiB);
    const { reading } = await planTeamStorage(testPrisma(), tenant.slug, false);
    const estimate = (await findAppTeamStorage(testPrisma(), tenant.slug, { reading }))!;
    let used = await exactUsed();
    expect(estimate.isEstimate).toBe(true);
    expect(estimate.blobBytes + estimate.uploadBytes).toBeGreaterThanOrEqual(used + 64 * KiB);

    // 96 KiB left: a 64 KiB chunk fits, though the estimate (64 KiB too high) says it does not.
    await setTeamQuota(used + 96 * KiB);
    const location = await startSession();
    expect((await api(location, { method: "PATCH", body: new Uint8Array(randomBytes(64 * KiB)) })).status).toBe(202);
    expect((await api(location, { method: "DELETE" })).status).toBe(204);

    // A streamed body of unknown size runs past the estimate's budget (16 KiB too high) and on within the exact one.
    await setTeamQuota(64 * 1024 * KiB);
    // An estimate also counts the links of the second before its reading (readLinkHorizon): let the pushes above age out.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    await takeReading();
    await pushTwice(16 * KiB);
    used = await exactUsed();
    await setTeamQuota(used + 88 * KiB);
    const streamed = await startSession();
    expect((await api(streamed, { method: "PATCH", body: streamedBody(80 * KiB) })).status).toBe(202);
    expect((await api(streamed, { method: "DELETE" })).status).toBe(204);

    // Past the exact sum, refused with the exact figures.
    const refused = await sendHeadersOnly("PATCH", await startSession(), { "Content-Length": String(200 * KiB), "Content-Range": `0-${200 * KiB - 1}` });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).errors[0].message).toContain(`${(used / KiB).toFixed(1)} KiB of ${((used + 88 * KiB) / KiB).toFixed(1)} KiB used`);
  });
});

describe("the largest blob", () => {
  it("refuses a blob over REGISTRY_MAX_BLOB_SIZE, announced or streamed", async () => {
    limits({ maxBlobSize: 32 * KiB });
    const data = randomBytes(40 * KiB);
    const announced = await api(`/v2/${name}/blobs/uploads/?digest=${computeDigest(data)}`, { method: "POST", body: new Uint8Array(data) });
    expect(announced.status).toBe(403);
    expect((await readError(announced)).message).toMatch(/blobs larger than 32\.0 KiB are refused \(REGISTRY_MAX_BLOB_SIZE\)/);
    const location = await startSession();
    const streamed = await api(location, { method: "PATCH", body: streamedBody(40 * KiB) });
    expect(streamed.status).toBe(403);
    expect((await readError(streamed)).message).toMatch(/REGISTRY_MAX_BLOB_SIZE/);
    await pushBlob(registry, token, name, randomBytes(32 * KiB));
  });
});

describe("free-space reserve", () => {
  it("refuses uploads with 503 while the volume has less free than MIN_FREE_SPACE, and pulls keep working", async () => {
    const digest = await pushBlob(registry, token, name, randomBytes(KiB));
    limits({ minFreeSpace: 2 ** 52 }, [registry.storageDir]);
    const refused = await api(`/v2/${name}/blobs/uploads/`, { method: "POST" });
    expect(refused.status).toBe(503);
    const error = await readError(refused);
    expect(error.code).toBe("DENIED");
    expect(error.message).toMatch(/data volume has .* free, under its reserve of .* \(MIN_FREE_SPACE\).*pulls still work/);
    expect((await api(`/v2/${name}/blobs/${digest}`)).status).toBe(200);
    limits({ minFreeSpace: 1 }, [registry.storageDir]);
    await pushBlob(registry, token, name, randomBytes(KiB));
  });
});

describe("open upload sessions", () => {
  it("caps the sessions one user holds open; cancelled and idle sessions stop counting", async () => {
    const prisma = testPrisma();
    await prisma.uploadSession.deleteMany({ where: { repository: { appId: (await prisma.app.findUniqueOrThrow({ where: { slug: tenant.slug } })).id } } });
    limits({ maxUploadSessionsPerUser: 3 });
    const open = [await startSession(), await startSession(), await startSession()];
    const refused = await api(`/v2/${name}/blobs/uploads/`, { method: "POST" });
    expect(refused.status).toBe(429);
    const error = await readError(refused);
    expect(error.code).toBe("TOOMANYREQUESTS");
    expect(error.message).toMatch(/you have 3 upload sessions open.*MAX_UPLOAD_SESSIONS_PER_USER/);
    expect((await api(open[0]!, { method: "DELETE" })).status).toBe(204);
    const fourth = await startSession();
    await prisma.uploadSession.update({ where: { id: open[1]!.split("/").pop()! }, data: { updatedAt: new Date(Date.now() - 2 * 60 * 60 * 1000) } });
    const fifth = await startSession();
    // Resumable sessions keep working within the cap.
    expect((await api(fifth, { method: "PATCH", body: new Uint8Array(8) })).status).toBe(202);
    limits({ maxUploadSessionsPerApp: 3 });
    const perApp = await api(`/v2/${name}/blobs/uploads/`, { method: "POST" });
    expect(perApp.status).toBe(429);
    expect((await readError(perApp)).message).toMatch(/this application has 3 upload sessions open.*MAX_UPLOAD_SESSIONS_PER_APP/);
    for (const location of [open[2]!, fourth, fifth]) await api(location, { method: "DELETE" });
  });

  it("opens the cap to no more than its number of sessions under concurrent requests", async () => {
    limits({ maxUploadSessionsPerUser: 5 });
    const answers = await Promise.all(Array.from({ length: 20 }, () => api(`/v2/${name}/blobs/uploads/`, { method: "POST" })));
    const opened = answers.filter((response) => response.status === 202);
    expect(opened.length).toBeGreaterThan(0);
    expect(opened.length).toBeLessThanOrEqual(5);
    expect(answers.every((response) => response.status === 202 || response.status === 429)).toBe(true);
    for (const response of opened) await api(response.headers.get("location")!, { method: "DELETE" });
  });
});

describe("a real client", () => {
  it("skopeo pushing into a small quota is refused with DENIED naming the quota", async () => {
    const work = await mkdtemp(path.join(tmpdir(), "slipway-quota-skopeo-"));
    try {
      const skopeo = await prepareSkopeo(work);
      await writeImageLayout(path.join(work, "layout"), "v1", { os: "linux", architecture: "amd64", layerSizes: [512 * KiB] });
      const used = (await findAppTeamStorage(testPrisma(), tenant.slug))!;
      await setTeamQuota(used.blobBytes + used.uploadBytes + 64 * KiB);
      const push = skopeoCopy(skopeo, `oci:${path.join(work, "layout")}:v1`, `docker://${registry.host}/${tenant.slug}/big:v1`, `${tenant.account.email}:${tenant.account.password}`);
      await expect(push).rejects.toThrow(/denied: team .* is over its storage quota: [\d.]+ (B|KiB|MiB) of [\d.]+ KiB used/is);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  });
});
