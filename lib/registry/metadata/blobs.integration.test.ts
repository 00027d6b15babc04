/**
 * A blob HEAD's look-up (confirmRepositoryBlob) in one statement: absent, fresh and
 * refreshed links, and the waits that keep its answer true while another transaction
 * holds the link (a garbage collector deleting it, a concurrent HEAD refreshing it).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { computeDigest } from "@/lib/registry/digests";
import { confirmRepositoryBlob } from "@/lib/registry/metadata/blobs";
import { createTestTenant, fetchTenantToken, pushBlob, startTestRegistry, type TestRegistry } from "@/lib/registry/http/test-registry";

let registry: TestRegistry;
let name: string;
let token: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  const tenant = await createTestTenant("confirm");
  name = `${tenant.slug}/api`;
  token = await fetchTenantToken(registry, tenant, [name]);
});

afterAll(async () => registry?.close());

async function pushOldBlob(): Promise<{ digest: string; size: number }> {
  const data = randomBytes(3000);
  const digest = await pushBlob(registry, token, name, data);
  await setReferencedAt(digest, new Date(Date.now() - 10 * 60 * 1000));
  return { digest, size: data.length };
}

async function setReferencedAt(digest: string, at: Date): Promise<void> {
  await testPrisma().$executeRaw`
    UPDATE "RepositoryBlob" rb SET "referencedAt" = ${at} FROM "Repository" r WHERE r.id = rb."repositoryId" AND r.name = ${name} AND rb.digest = ${digest}`;
}

async function referencedAt(digest: string): Promise<Date | null> {
  const rows = await testPrisma().$queryRaw<{ at: Date }[]>`
    SELECT rb."referencedAt" AS at FROM "RepositoryBlob" rb JOIN "Repository" r ON r.id = rb."repositoryId" WHERE r.name = ${name} AND rb.digest = ${digest}`;
  return rows[0]?.at ?? null;
}

/** Resolves once some backend of this database waits for a lock inside the HEAD's statement. */
async function waitUntilHeadBlocks(): Promise<void> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const rows = await testPrisma().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH touched AS%'`;
    if (Number(rows[0]!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("the HEAD's statement never waited for the held link");
}

describe("confirmRepositoryBlob", () => {
  it("answers null for a blob the repository does not link, and the size for one it does", async () => {
    expect(await confirmRepositoryBlob(testPrisma(), name, computeDigest(randomBytes(16)))).toBeNull();
    const { digest, size } = await pushOldBlob();
    expect(await confirmRepositoryBlob(testPrisma(), `${name}-other`, digest)).toBeNull();
    expect(await confirmRepositoryBlob(testPrisma(), name, digest)).toEqual({ size });
  });

  it("refreshes a mark older than a minute and leaves a fresh one alone", async () => {
    const { digest, size } = await pushOldBlob();
    const before = Date.now();
    expect(await confirmRepositoryBlob(testPrisma(), name, digest)).toEqual({ size });
    const refreshed = (await referencedAt(digest))!;
    expect(refreshed.getTime()).toBeGreaterThanOrEqual(before - 1000);
    const fresh = new Date(Date.now() - 30 * 1000);
    await setReferencedAt(digest, fresh);
    expect(await confirmRepositoryBlob(testPrisma(), name, digest)).toEqual({ size });
    expect((await referencedAt(digest))!.getTime()).toBe(fresh.getTime());
  });

  it("waits for a collector deleting the link and then answers null, not the snapshot's link", async () => {
    const { digest } = await pushOldBlob();
    let answer: Promise<{ size: number } | null> | undefined;
    await testPrisma().$transaction(async (tx) => {
      await tx.$executeRaw`DELETE FROM "RepositoryBlob" rb USING "Repository" r WHERE r.id = rb."repositoryId" AND r.name = ${name} AND rb.digest = ${digest}`;
      answer = confirmRepositoryBlob(testPrisma(), name, digest);
      await waitUntilHeadBlocks();
    });
    expect(await answer).toBeNull();
  });

  it("answers present when a concurrent HEAD refreshed the old link while it waited", async () => {
    const { digest, size } = await pushOldBlob();
    let answer: Promise<{ size: number } | null> | undefined;
    await testPrisma().$transaction(async (tx) => {
      await tx.$executeRaw`UPDATE "RepositoryBlob" rb SET "referencedAt" = ${new Date()} FROM "Repository" r WHERE r.id = rb."repositoryId" AND r.name = ${name} AND rb.digest = ${digest}`;
      answer = confirmRepositoryBlob(testPrisma(), name, digest);
      await waitUntilHeadBlocks();
    });
    expect(await answer).toEqual({ size });
  });
});
