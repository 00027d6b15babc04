import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/lib/apps/apps";
import { computeDigest, tryParseDigest } from "@/lib/registry/digests";
import { findRepositoryBlob } from "@/lib/registry/metadata/blobs";
import { ensureRepository } from "@/lib/registry/metadata/repositories";
import { claimUploadSession, createUploadSession, releaseUploadClaim } from "@/lib/registry/metadata/upload-sessions";
import { appendUploadChunk, finishUpload, linkStoredBlob, writeBlob, type BlobWriterDeps } from "@/lib/registry/services/blob-writer";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { testPrisma, uniqueSuffix } from "@/lib/test/database";
import { createTestAccount } from "@/lib/test/fixtures";

let storageDir: string;
let deps: BlobWriterDeps;
let slug: string;

beforeAll(async () => {
  storageDir = await mkdtemp(path.join(tmpdir(), "slipway-blob-writer-test-"));
  deps = { prisma: testPrisma(), storage: new FilesystemStorageDriver(storageDir) };
  const account = await createTestAccount("blob-writer");
  slug = (await createApp(account.principal, { name: `Blob writer ${uniqueSuffix()}`, slug: undefined })).slug;
});

afterAll(async () => {
  await rm(storageDir, { recursive: true, force: true });
});

async function repository(path: string): Promise<{ id: string; name: string }> {
  return ensureRepository(deps.prisma, `${slug}/${path}`);
}

/** Everything a failed write could leave behind: the blob, its row, a link, a session or an upload area. */
async function leftovers(repositoryId: string, digest: string): Promise<unknown[]> {
  const found: unknown[] = [];
  if (await deps.storage.statBlob(digest)) found.push("blob content");
  if (await deps.prisma.blob.findUnique({ where: { digest } })) found.push("Blob row");
  if (await deps.prisma.repositoryBlob.count({ where: { digest } })) found.push("RepositoryBlob link");
  const sessions = await deps.prisma.uploadSession.count({ where: { repositoryId } });
  if (sessions) found.push(`${sessions} upload session(s)`);
  const areas = await readdir(path.join(storageDir, "uploads")).catch(() => []);
  if (areas.length) found.push(`upload areas ${areas.join(", ")}`);
  return found;
}

/** Yields `chunks` one by one, then fails like a dropped connection. */
async function* failingAfter(chunks: Buffer[]): AsyncGenerator<Buffer> {
  for (const chunk of chunks) yield chunk;
  throw Object.assign(new Error("socket hang up"), { code: "ECONNRESET" });
}

describe("writeBlob", () => {
  it("streams a source into a blob visible in the repository, with its size", async () => {
    const repo = await repository("api");
    const content = randomBytes(300_000);
    const digest = computeDigest(content);
    const chunks = [content.subarray(0, 100_000), content.subarray(100_000)];
    expect(await writeBlob(deps, { repositoryId: repo.id, digest, size: content.length, source: Readable.from(chunks) })).toEqual({ digest, size: content.length });
    expect(await findRepositoryBlob(deps.prisma, repo.name, digest)).toEqual({ size: content.length });
    expect((await stat(path.join(storageDir, "blobs", "sha256", digest.slice(7, 9), digest.slice(7)))).size).toBe(content.length);
    expect(await deps.prisma.uploadSession.count({ where: { repositoryId: repo.id } })).toBe(0);
  });

  it("verifies sha512 digests too", async () => {
    const repo = await repository("sha512");
    const content = randomBytes(1000);
    const digest = computeDigest(content, "sha512");
    expect(await writeBlob(deps, { repositoryId: repo.id, digest: tryParseDigest(digest)!, source: Readable.from([content]) })).toEqual({ digest, size: 1000 });
  });

  it("leaves nothing visible when the digest does not match", async () => {
    const repo = await repository("mismatch");
    const claimed = computeDigest(`not what is sent ${uniqueSuffix()}`);
    await expect(writeBlob(deps, { repositoryId: repo.id, digest: claimed, source: Readable.from([randomBytes(5000)]) })).rejects.toMatchObject({ code: "DIGEST_INVALID" });
    expect(await leftovers(repo.id, claimed)).toEqual([]);
  });

  it("leaves nothing when the source has fewer or more bytes than announced, and stops reading at the limit", async () => {
    const repo = await repository("size");
    const content = randomBytes(4096);
    const digest = computeDigest(content);
    await expect(writeBlob(deps, { repositoryId: repo.id, digest, size: 4097, source: Readable.from([content]) })).rejects.toMatchObject({ code: "SIZE_INVALID" });
    let pulled = 0;
    const endless = (async function* () {
      for (;;) {
        pulled += 1;
        yield content;
      }
    })();
    await expect(writeBlob(deps, { repositoryId: repo.id, digest, size: 4096, source: endless })).rejects.toMatchObject({ code: "SIZE_INVALID" });
    expect(pulled).toBe(2);
    expect(await leftovers(repo.id, digest)).toEqual([]);
  });

  it("leaves nothing when the source fails midway", async () => {
    const repo = await repository("broken");
    const content = randomBytes(200_000);
    const digest = computeDigest(content);
    await expect(writeBlob(deps, { repositoryId: repo.id, digest, source: failingAfter([content.subarray(0, 100_000)]) })).rejects.toThrow(/socket hang up/);
    expect(await leftovers(repo.id, digest)).toEqual([]);
  });

  it("leaves nothing when aborted mid-stream, and destroys a Readable source", async () => {
    const repo = await repository("aborted");
    const content = randomBytes(64 * 1024);
    const digest = computeDigest(Buffer.concat([content, content, content]));
    const controller = new AbortController();
    const source = new Readable({ read() {} });
    source.push(content);
    const writing = writeBlob(deps, { repositoryId: repo.id, digest, source, signal: controller.signal });
    setTimeout(() => controller.abort(), 50);
    await expect(writing).rejects.toMatchObject({ name: "AbortError" });
    expect(source.destroyed).toBe(true);
    expect(await leftovers(repo.id, digest)).toEqual([]);
    const second = new AbortController();
    const iterable = (async function* () {
      yield content;
      second.abort();
      yield content;
      yield content;
    })();
    await expect(writeBlob(deps, { repositoryId: repo.id, digest, source: iterable, signal: second.signal })).rejects.toMatchObject({ name: "AbortError" });
    expect(await leftovers(repo.id, digest)).toEqual([]);
  });

  it("refuses a malformed digest before touching the store", async () => {
    const repo = await repository("malformed");
    await expect(writeBlob(deps, { repositoryId: repo.id, digest: "sha256:nope", source: Readable.from([]) })).rejects.toMatchObject({ code: "DIGEST_INVALID" });
    expect(await deps.prisma.uploadSession.count({ where: { repositoryId: repo.id } })).toBe(0);
  });

  it("links content written for one repository into a second without rewriting it", async () => {
    const [first, second, third] = await Promise.all([repository("shared-a"), repository("shared-b"), repository("shared-c")]);
    const content = randomBytes(10_000);
    const digest = computeDigest(content);
    await writeBlob(deps, { repositoryId: first.id, digest, source: Readable.from([content]) });
    const file = path.join(storageDir, "blobs", "sha256", digest.slice(7, 9), digest.slice(7));
    const before = await stat(file);
    expect(await findRepositoryBlob(deps.prisma, second.name, digest)).toBeNull();
    expect(await writeBlob(deps, { repositoryId: second.id, digest, source: Readable.from([content]) })).toEqual({ digest, size: 10_000 });
    expect(await linkStoredBlob(deps, third.id, digest)).toEqual({ size: 10_000 });
    const after = await stat(file);
    expect([after.ino, after.mtimeMs]).toEqual([before.ino, before.mtimeMs]);
    for (const repo of [first, second, third]) expect(await findRepositoryBlob(deps.prisma, repo.name, digest)).toEqual({ size: 10_000 });
  });

  it("links nothing the store does not hold", async () => {
    const repo = await repository("absent");
    expect(await linkStoredBlob(deps, repo.id, computeDigest(`absent ${uniqueSuffix()}`))).toBeNull();
  });
});

describe("appendUploadChunk and finishUpload", () => {
  it("publish a chunked upload verified with the digest its first chunk recorded", async () => {
    const repo = await repository("chunked");
    const content = randomBytes(50_000);
    const digest = computeDigest(content);
    const session = (await createUploadSession(deps.prisma, deps.storage, repo.name))!;
    const claim = async () => {
      const result = await claimUploadSession(deps.prisma, session.id, repo.name);
      if (result.kind !== "claimed") throw new Error(`session ${result.kind}`);
      return result.claim;
    };
    expect(await appendUploadChunk(deps, await claim(), Readable.from([content.subarray(0, 20_000)]), 20_000)).toBe(20_000);
    expect(await finishUpload(deps, await claim(), tryParseDigest(digest)!, Readable.from([content.subarray(20_000)]), null)).toEqual({ size: 50_000 });
    expect(await findRepositoryBlob(deps.prisma, repo.name, digest)).toEqual({ size: 50_000 });
  });

  async function openSession(name: string) {
    const repo = await repository(name);
    const session = (await createUploadSession(deps.prisma, deps.storage, repo.name))!;
    const claim = async () => {
      const result = await claimUploadSession(deps.prisma, session.id, repo.name);
      if (result.kind !== "claimed") throw new Error(`session ${result.kind}`);
      return result.claim;
    };
    return { repo, session, claim };
  }

  it("keep the sha256 of a whole first chunk with the session's size, and complete from it without reading the bytes again", async () => {
    const { repo, session, claim } = await openSession("recorded");
    const content = randomBytes(30_000);
    const digest = computeDigest(content);
    expect(await appendUploadChunk(deps, await claim(), Readable.from([content]), null)).toBe(30_000);
    const held = await claim();
    expect(held).toMatchObject({ offset: 30_000, sha256: digest });
    // A release that adds no bytes (a refused chunk) keeps the digest of those bytes.
    expect(await releaseUploadClaim(deps.prisma, held, held.offset)).toBe(true);
    const again = await claim();
    expect(again.sha256).toBe(digest);
    await releaseUploadClaim(deps.prisma, again, again.offset);
    // Proof that the stored bytes are not read again: replaced behind the session's back, they are not noticed.
    await writeFile(path.join(storageDir, "uploads", session.id), randomBytes(30_000));
    expect(await finishUpload(deps, await claim(), tryParseDigest(digest)!, null, null)).toEqual({ size: 30_000 });
    expect(await findRepositoryBlob(deps.prisma, repo.name, digest)).toEqual({ size: 30_000 });
  });

  it("forget the digest once a second chunk adds bytes, and verify the stored bytes at the end instead", async () => {
    const { repo, claim } = await openSession("rehashed");
    const content = randomBytes(40_000);
    const digest = computeDigest(content);
    await appendUploadChunk(deps, await claim(), Readable.from([content.subarray(0, 10_000)]), 10_000);
    await appendUploadChunk(deps, await claim(), Readable.from([content.subarray(10_000)]), 30_000);
    const held = await claim();
    expect(held).toMatchObject({ offset: 40_000, sha256: null });
    await releaseUploadClaim(deps.prisma, held, held.offset);
    await expect(finishUpload(deps, await claim(), tryParseDigest(computeDigest("something else"))!, null, null)).rejects.toMatchObject({ code: "DIGEST_INVALID" });
    expect(await findRepositoryBlob(deps.prisma, repo.name, digest)).toBeNull();
  });
});
