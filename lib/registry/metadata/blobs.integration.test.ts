/**
 * A blob HEAD's look-up (confirmRepositoryBlob) in one statement: absent, fresh and
 * refreshed links, and the waits that keep its answer true while another transaction
 * holds the link (a garbage collector deleting it, a concurrent HEAD refreshing it).
 * And the claimless completion of a hashed upload (commitHashedUpload): what it takes,
 * what it leaves alone, and that a failed storage commit leaves the session as it was.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { computeDigest } from "@/lib/registry/digests";
import { commitHashedUpload, confirmRepositoryBlob } from "@/lib/registry/metadata/blobs";
import { claimUploadSession, releaseUploadClaim } from "@/lib/registry/metadata/upload-sessions";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
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

describe("commitHashedUpload", () => {
  /** POST, then PATCH with `chunks` one after another; the session's id. */
  async function openUpload(chunks: Buffer[]): Promise<string> {
    const start = await fetch(`${registry.origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
    expect(start.status).toBe(202);
    const location = start.headers.get("location")!;
    for (const chunk of chunks) {
      const patch = await fetch(`${registry.origin}${location}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/octet-stream" },
        body: new Uint8Array(chunk),
      });
      expect(patch.status).toBe(202);
    }
    return location.split("/").at(-1)!;
  }

  async function sessionRow(id: string): Promise<{ size: bigint; sha256: string | null } | null> {
    const rows = await testPrisma().$queryRaw<{ size: bigint; sha256: string | null }[]>`SELECT size, sha256 FROM "UploadSession" WHERE id = ${id}::uuid`;
    return rows[0] ?? null;
  }

  async function linkCount(digest: string): Promise<number> {
    const rows = await testPrisma().$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM "RepositoryBlob" rb JOIN "Repository" r ON r.id = rb."repositoryId" WHERE r.name = ${name} AND rb.digest = ${digest}`;
    return Number(rows[0]!.n);
  }

  function blobFile(digest: string): string {
    const hex = digest.slice("sha256:".length);
    return path.join(registry.storageDir, "blobs", "sha256", hex.slice(0, 2), hex);
  }

  it("ends a session hashed by its one chunk: Blob row, link and content, without a claim", async () => {
    const data = randomBytes(5000);
    const digest = computeDigest(data);
    const id = await openUpload([data]);
    expect(await commitHashedUpload(testPrisma(), registry.options.storage, { uploadId: id, repositoryName: name, digest })).toEqual({ size: 5000 });
    expect(await sessionRow(id)).toBeNull();
    expect(await linkCount(digest)).toBe(1);
    expect(await confirmRepositoryBlob(testPrisma(), name, digest)).toEqual({ size: 5000 });
    const served = await fetch(`${registry.origin}/v2/${name}/blobs/${digest}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(Buffer.from(await served.arrayBuffer()).equals(data)).toBe(true);
  });

  it("leaves alone a session of another digest, another repository, a held claim, unknown bytes or a malformed id", async () => {
    const data = randomBytes(4000);
    const digest = computeDigest(data);
    const id = await openUpload([data]);
    const commit = (uploadId: string, repositoryName: string, claimed: string) =>
      commitHashedUpload(testPrisma(), registry.options.storage, { uploadId, repositoryName, digest: claimed });
    expect(await commit(id, name, computeDigest(randomBytes(8)))).toBeNull();
    expect(await commit(id, `${name}-other`, digest)).toBeNull();
    expect(await commit("not-a-uuid", name, digest)).toBeNull();
    expect(await commit(randomUUID(), name, digest)).toBeNull();
    const claimed = await claimUploadSession(testPrisma(), id, name);
    if (claimed.kind !== "claimed") throw new Error(`the session was ${claimed.kind}`);
    expect(await commit(id, name, digest)).toBeNull();
    expect(await releaseUploadClaim(testPrisma(), claimed.claim, claimed.claim.offset)).toBe(true);
    expect(await sessionRow(id)).toEqual({ size: 4000n, sha256: digest });
    expect(await linkCount(digest)).toBe(0);
    expect(existsSync(blobFile(digest))).toBe(false);
    // Released, it qualifies again.
    expect(await commit(id, name, digest)).toEqual({ size: 4000 });

    // Two chunks: only the first is hashed as it arrives, so the session's digest is unknown.
    const first = randomBytes(1000);
    const second = randomBytes(1000);
    const twoChunks = await openUpload([first, second]);
    const whole = computeDigest(Buffer.concat([first, second]));
    expect(await sessionRow(twoChunks)).toEqual({ size: 2000n, sha256: null });
    expect(await commit(twoChunks, name, whole)).toBeNull();
    // The claiming path completes it (and verifies by reading the bytes back).
    const put = await fetch(`${registry.origin}/v2/${name}/blobs/uploads/${twoChunks}?digest=${whole}`, { method: "PUT", headers: { Authorization: `Bearer ${token}` } });
    expect(put.status).toBe(201);
    expect(await linkCount(whole)).toBe(1);
  });

  it("rolls back when the storage commit fails: the session keeps its bytes and digest, and nothing is linked", async () => {
    const data = randomBytes(3000);
    const digest = computeDigest(data);
    const id = await openUpload([data]);
    const failing = new (class extends FilesystemStorageDriver {
      override async commitUpload(): Promise<boolean> {
        throw new Error("disk full");
      }
    })(registry.storageDir);
    await expect(commitHashedUpload(testPrisma(), failing, { uploadId: id, repositoryName: name, digest })).rejects.toThrow("disk full");
    expect(await sessionRow(id)).toEqual({ size: 3000n, sha256: digest });
    expect(await linkCount(digest)).toBe(0);
    expect(await testPrisma().blob.findUnique({ where: { digest } })).toBeNull();
    // The client's retry of the PUT completes it.
    const put = await fetch(`${registry.origin}/v2/${name}/blobs/uploads/${id}?digest=${digest}`, { method: "PUT", headers: { Authorization: `Bearer ${token}` } });
    expect(put.status).toBe(201);
    expect(await linkCount(digest)).toBe(1);
    expect(existsSync(blobFile(digest))).toBe(true);
  });
});
