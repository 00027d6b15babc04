/**
 * Blob uploads and downloads over raw HTTP: monolithic, single-POST and chunked uploads,
 * out-of-order and overlapping chunks, wrong digests, truncated and abandoned uploads,
 * cancel, status, mounts, Range reads and deletes, and which existence checks need the
 * database.
 */
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { readdir, rm, utimes } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { computeDigest } from "@/lib/registry/digests";
import { purgeAbandonedUploads } from "@/lib/registry/metadata/upload-sessions";
import {
  createTestTenant,
  fetchTenantToken,
  fetchToken,
  pushBlob,
  startTestRegistry,
  type TestRegistry,
  type TestTenant,
} from "@/lib/registry/http/test-registry";

let registry: TestRegistry;
let owner: TestTenant;
let name: string;
let token: string;

beforeAll(async () => {
  registry = await startTestRegistry();
  owner = await createTestTenant("blobs");
  name = `${owner.slug}/api`;
  token = await fetchTenantToken(registry, owner, [name, `${owner.slug}/worker`, `${owner.slug}/other`]);
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
});

type ApiInit = Omit<RequestInit, "body"> & { token?: string; body?: Buffer | ReadableStream | null };

function api(pathname: string, init: ApiInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${init.token ?? token}`);
  const body = Buffer.isBuffer(init.body) ? new Uint8Array(init.body) : init.body;
  return fetch(`${registry.origin}${pathname}`, { ...init, headers, body });
}

async function errorCode(response: Response): Promise<string> {
  return ((await response.json()) as { errors: { code: string }[] }).errors[0]!.code;
}

async function startSession(repository = name): Promise<string> {
  const response = await api(`/v2/${repository}/blobs/uploads/`, { method: "POST", headers: { "Content-Length": "0" } });
  expect(response.status).toBe(202);
  expect(response.headers.get("range")).toBe("0-0");
  expect(response.headers.get("docker-upload-uuid")).toMatch(/^[0-9a-f-]{36}$/);
  return response.headers.get("location")!;
}

function patch(location: string, body: Buffer, range?: string): Promise<Response> {
  const headers: Record<string, string> = { "Content-Type": "application/octet-stream" };
  if (range) headers["Content-Range"] = range;
  return api(location, { method: "PATCH", headers, body });
}

async function readBlob(repository: string, digest: string): Promise<Buffer> {
  const response = await api(`/v2/${repository}/blobs/${digest}`);
  expect(response.status).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function storedBlobFiles(): Promise<string[]> {
  const root = path.join(registry.storageDir, "blobs", "sha256");
  const prefixes = await readdir(root).catch(() => [] as string[]);
  const files = await Promise.all(prefixes.map((prefix) => readdir(path.join(root, prefix))));
  return files.flat();
}

/** The SQL statements sent to PostgreSQL (through pg, as Prisma's adapter and lib/db/sql.ts send them) while `work` runs. */
async function recordStatements(work: () => Promise<unknown>): Promise<string[]> {
  const query = pg.Client.prototype.query;
  const statements: string[] = [];
  pg.Client.prototype.query = function (this: pg.Client, ...args: Parameters<typeof query>) {
    const [first] = args as unknown[];
    statements.push(typeof first === "string" ? first : String((first as { text?: unknown })?.text));
    return (query as (...values: unknown[]) => unknown).apply(this, args);
  } as typeof query;
  try {
    await work();
  } finally {
    pg.Client.prototype.query = query;
  }
  return statements;
}

/** Statements that read or write blob metadata (the Blob and RepositoryBlob tables). */
function aboutBlobs(statements: string[]): string[] {
  return statements.filter((text) => /"(Repository)?Blob"/.test(text));
}

/** Sends a request whose body stops early and whose connection then drops, like a killed client. */
function sendTruncated(method: string, pathname: string, declared: number, sent: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const req = request(`${registry.origin}${pathname}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Length": String(declared), "Content-Type": "application/octet-stream" },
    });
    req.on("error", () => resolve());
    req.on("response", (res) => {
      res.resume();
      res.on("end", resolve);
    });
    req.write(sent, () => setTimeout(() => req.destroy(), 100));
  });
}

describe("monolithic uploads", () => {
  it("takes POST then PUT ?digest= and serves the blob byte for byte with exact headers", async () => {
    const data = randomBytes(100_000);
    const location = await startSession();
    const digest = computeDigest(data);
    const put = await api(`${location}?digest=${digest}`, { method: "PUT", body: data, headers: { "Content-Type": "application/octet-stream" } });
    expect(put.status).toBe(201);
    expect(put.headers.get("location")).toBe(`/v2/${name}/blobs/${digest}`);
    expect(put.headers.get("docker-content-digest")).toBe(digest);
    const head = await api(`/v2/${name}/blobs/${digest}`, { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-length")).toBe(String(data.length));
    expect(head.headers.get("docker-content-digest")).toBe(digest);
    expect((await readBlob(name, digest)).equals(data)).toBe(true);
  });

  it("takes a single POST ?digest= with the body", async () => {
    const data = randomBytes(5000);
    const digest = computeDigest(data);
    const response = await api(`/v2/${name}/blobs/uploads/?digest=${digest}`, { method: "POST", body: data });
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/v2/${name}/blobs/${digest}`);
    expect((await readBlob(name, digest)).equals(data)).toBe(true);
  });

  it("accepts the empty blob and sha512 digests", async () => {
    const empty = computeDigest(Buffer.alloc(0));
    expect((await api(`/v2/${name}/blobs/uploads/?digest=${empty}`, { method: "POST" })).status).toBe(201);
    expect((await api(`/v2/${name}/blobs/${empty}`, { method: "HEAD" })).headers.get("content-length")).toBe("0");
    const data = randomBytes(3000);
    const sha512 = `sha512:${createHash("sha512").update(data).digest("hex")}`;
    const location = await startSession();
    expect((await api(`${location}?digest=${sha512}`, { method: "PUT", body: data })).status).toBe(201);
    expect((await readBlob(name, sha512)).equals(data)).toBe(true);
  });

  it("refuses a wrong digest with DIGEST_INVALID and keeps nothing", async () => {
    const data = randomBytes(4000);
    const wrong = computeDigest("something else");
    const before = await storedBlobFiles();
    const single = await api(`/v2/${name}/blobs/uploads/?digest=${wrong}`, { method: "POST", body: data });
    expect(single.status).toBe(400);
    expect(await errorCode(single)).toBe("DIGEST_INVALID");
    const location = await startSession();
    const put = await api(`${location}?digest=${wrong}`, { method: "PUT", body: data });
    expect(put.status).toBe(400);
    expect(await errorCode(put)).toBe("DIGEST_INVALID");
    expect((await api(location)).status).toBe(404);
    expect((await api(`/v2/${name}/blobs/${wrong}`, { method: "HEAD" })).status).toBe(404);
    expect((await api(`/v2/${name}/blobs/${computeDigest(data)}`, { method: "HEAD" })).status).toBe(404);
    expect(await storedBlobFiles()).toEqual(before);
  });

  it("refuses malformed digests", async () => {
    const location = await startSession();
    const put = await api(`${location}?digest=sha256:1234`, { method: "PUT", body: Buffer.from("x") });
    expect(put.status).toBe(400);
    expect(await errorCode(put)).toBe("DIGEST_INVALID");
    const missing = await api(location, { method: "PUT", body: Buffer.from("x") });
    expect(await errorCode(missing)).toBe("DIGEST_INVALID");
    const get = await api(`/v2/${name}/blobs/sha256:nothex`);
    expect(get.status).toBe(400);
    expect(await errorCode(get)).toBe("DIGEST_INVALID");
  });
});

describe("chunked uploads", () => {
  it("appends chunks in order, reports progress and completes with PUT", async () => {
    const data = randomBytes(30_000);
    const location = await startSession();
    const first = await patch(location, data.subarray(0, 10_000), "0-9999");
    expect(first.status).toBe(202);
    expect(first.headers.get("range")).toBe("0-9999");
    expect(first.headers.get("location")).toBe(location);
    const status = await api(location);
    expect(status.status).toBe(204);
    expect(status.headers.get("range")).toBe("0-9999");
    const second = await patch(location, data.subarray(10_000, 25_000), "10000-24999");
    expect(second.headers.get("range")).toBe("0-24999");
    const digest = computeDigest(data);
    const put = await api(`${location}?digest=${digest}`, { method: "PUT", body: data.subarray(25_000), headers: { "Content-Range": "25000-29999" } });
    expect(put.status).toBe(201);
    expect((await readBlob(name, digest)).equals(data)).toBe(true);
  });

  it("answers 416 with the real Range to out-of-order and overlapping chunks, and stays usable", async () => {
    const data = randomBytes(20_000);
    const location = await startSession();
    const early = await patch(location, data.subarray(10_000), "10000-19999");
    expect(early.status).toBe(416);
    expect(await errorCode(early)).toBe("BLOB_UPLOAD_INVALID");
    expect(early.headers.get("range")).toBe("0-0");
    expect(early.headers.get("location")).toBe(location);
    expect((await patch(location, data.subarray(0, 10_000), "0-9999")).status).toBe(202);
    const retry = await patch(location, data.subarray(0, 10_000), "0-9999");
    expect(retry.status).toBe(416);
    expect(retry.headers.get("range")).toBe("0-9999");
    const overlap = await patch(location, data.subarray(5000, 15_000), "5000-14999");
    expect(overlap.status).toBe(416);
    expect((await patch(location, data.subarray(10_000), "10000-19999")).status).toBe(202);
    const digest = computeDigest(data);
    expect((await api(`${location}?digest=${digest}`, { method: "PUT" })).status).toBe(201);
    expect((await readBlob(name, digest)).equals(data)).toBe(true);
  });

  it("takes a streamed PATCH without Content-Range (docker's and skopeo's way)", async () => {
    const data = randomBytes(200_000);
    const location = await startSession();
    const body = new ReadableStream({
      start(controller) {
        for (let offset = 0; offset < data.length; offset += 7000) controller.enqueue(data.subarray(offset, offset + 7000));
        controller.close();
      },
    });
    const response = await api(location, { method: "PATCH", body, duplex: "half" } as ApiInit);
    expect(response.status).toBe(202);
    expect(response.headers.get("range")).toBe(`0-${data.length - 1}`);
    const digest = computeDigest(data);
    expect((await api(`${location}?digest=${digest}`, { method: "PUT" })).status).toBe(201);
    expect((await readBlob(name, digest)).equals(data)).toBe(true);
  });

  it("refuses a chunk whose Content-Range and Content-Length disagree", async () => {
    const location = await startSession();
    const response = await patch(location, randomBytes(100), "0-49");
    expect(response.status).toBe(400);
    expect(await errorCode(response)).toBe("SIZE_INVALID");
    expect((await api(location)).headers.get("range")).toBe("0-0");
  });

  it("refuses a second chunk while one is still streaming into the same session", async () => {
    const location = await startSession();
    const first = randomBytes(64 * 1024);
    const slow = new Promise<number>((resolve, reject) => {
      const req = request(`${registry.origin}${location}`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${token}`, "Content-Length": String(first.length * 2) },
      });
      req.on("error", reject);
      req.on("response", (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.write(first);
      setTimeout(() => req.end(first), 500);
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const competing = await patch(location, randomBytes(10), "0-9");
    expect(competing.status).toBe(416);
    expect(await slow).toBe(202);
    const data = Buffer.concat([first, first]);
    expect((await api(`${location}?digest=${computeDigest(data)}`, { method: "PUT" })).status).toBe(201);
    expect((await readBlob(name, computeDigest(data))).equals(data)).toBe(true);
  });
});

describe("interrupted and abandoned uploads", () => {
  it("does not count a chunk whose client disconnected, and the session resumes cleanly", async () => {
    const data = randomBytes(50_000);
    const location = await startSession();
    const id = location.split("/").pop()!;
    await sendTruncated("PATCH", location, 50_000, data.subarray(0, 20_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const status = await api(location);
    expect(status.status).toBe(204);
    expect((await testPrisma().uploadSession.findUniqueOrThrow({ where: { id } })).size).toBe(0n);
    expect((await patch(location, data)).status).toBe(202);
    expect((await api(`${location}?digest=${computeDigest(data)}`, { method: "PUT" })).status).toBe(201);
    expect((await readBlob(name, computeDigest(data))).equals(data)).toBe(true);
  });

  it("leaves no visible blob when a monolithic PUT is cut off", async () => {
    const data = randomBytes(1024 * 1024);
    const digest = computeDigest(data);
    const location = await startSession();
    await sendTruncated("PUT", `${location}?digest=${digest}`, data.length, data.subarray(0, 300_000));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await api(`/v2/${name}/blobs/${digest}`, { method: "HEAD" })).status).toBe(404);
    expect(await storedBlobFiles()).not.toContain(digest.slice(7));
    expect((await api(location)).status).toBe(204);
    const id = location.split("/").pop()!;
    expect((await testPrisma().uploadSession.findUniqueOrThrow({ where: { id } })).size).toBe(0n);
  });

  it("cancels a session with DELETE, after which it is unknown", async () => {
    const location = await startSession();
    await patch(location, randomBytes(100));
    expect((await api(location, { method: "DELETE" })).status).toBe(204);
    for (const response of [await api(location), await patch(location, randomBytes(10)), await api(location, { method: "DELETE" })]) {
      expect(response.status).toBe(404);
      expect(await errorCode(response)).toBe("BLOB_UPLOAD_UNKNOWN");
    }
  });

  it("purges sessions abandoned for a day and upload areas that lost their session", async () => {
    const location = await startSession();
    const id = location.split("/").pop()!;
    await patch(location, randomBytes(100));
    const orphan = randomUUID();
    await registry.options.storage.createUpload(orphan);
    const longAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await testPrisma().uploadSession.update({ where: { id }, data: { updatedAt: longAgo } });
    await utimes(path.join(registry.storageDir, "uploads", orphan), longAgo, longAgo);
    await utimes(path.join(registry.storageDir, "uploads", id), longAgo, longAgo);
    const fresh = await startSession();
    await purgeAbandonedUploads(testPrisma(), registry.options.storage, 24 * 60 * 60 * 1000);
    const areas = await readdir(path.join(registry.storageDir, "uploads"));
    expect(areas).not.toContain(id);
    expect(areas).not.toContain(orphan);
    expect(areas).toContain(fresh.split("/").pop());
    expect((await api(location)).status).toBe(404);
    expect((await api(fresh)).status).toBe(204);
  });

  it("does not let a session be used through another repository's path", async () => {
    const location = await startSession();
    const id = location.split("/").pop()!;
    const elsewhere = await api(`/v2/${owner.slug}/worker/blobs/uploads/${id}`);
    expect(elsewhere.status).toBe(404);
    expect(await errorCode(elsewhere)).toBe("BLOB_UPLOAD_UNKNOWN");
    expect((await api(`/v2/${name}/blobs/uploads/${randomUUID()}`)).status).toBe(404);
    expect((await api(`/v2/${name}/blobs/uploads/not-a-uuid`)).status).toBe(404);
  });
});

describe("reads, mounts and deletes", () => {
  it("serves byte ranges with 206 and refuses unsatisfiable ones with 416", async () => {
    const data = randomBytes(1000);
    const digest = await pushBlob(registry, token, name, data);
    const part = await api(`/v2/${name}/blobs/${digest}`, { headers: { Range: "bytes=10-19" } });
    expect(part.status).toBe(206);
    expect(part.headers.get("content-range")).toBe("bytes 10-19/1000");
    expect(part.headers.get("content-length")).toBe("10");
    expect(Buffer.from(await part.arrayBuffer()).equals(data.subarray(10, 20))).toBe(true);
    const tail = await api(`/v2/${name}/blobs/${digest}`, { headers: { Range: "bytes=-5" } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(data.subarray(995))).toBe(true);
    const beyond = await api(`/v2/${name}/blobs/${digest}`, { headers: { Range: "bytes=1000-" } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get("content-range")).toBe("bytes */1000");
  });

  it("mounts a blob between repositories of the same application", async () => {
    const digest = await pushBlob(registry, token, name, randomBytes(777));
    const target = `${owner.slug}/worker`;
    expect((await api(`/v2/${target}/blobs/${digest}`, { method: "HEAD" })).status).toBe(404);
    const mount = await api(`/v2/${target}/blobs/uploads/?mount=${digest}&from=${name}`, { method: "POST" });
    expect(mount.status).toBe(201);
    expect(mount.headers.get("location")).toBe(`/v2/${target}/blobs/${digest}`);
    expect((await api(`/v2/${target}/blobs/${digest}`, { method: "HEAD" })).status).toBe(200);
  });

  it("opens an ordinary session instead of mounting without from, from an unknown blob, or from another application", async () => {
    const digest = await pushBlob(registry, token, name, randomBytes(555));
    const target = `${owner.slug}/other`;
    for (const query of [`mount=${digest}`, `mount=${computeDigest("unknown")}&from=${name}`, `mount=${digest}&from=${target}`]) {
      const response = await api(`/v2/${target}/blobs/uploads/?${query}`, { method: "POST" });
      expect(response.status, query).toBe(202);
      expect(response.headers.get("location")).toMatch(new RegExp(`^/v2/${target}/blobs/uploads/`));
    }
    const outsider = await createTestTenant("outsider");
    const outsiderRepo = `${outsider.slug}/copy`;
    const outsiderToken = await fetchToken(registry, outsider.account.email, outsider.account.password, [
      `repository:${outsiderRepo}:pull,push`,
      `repository:${name}:pull`,
    ]);
    const response = await api(`/v2/${outsiderRepo}/blobs/uploads/?mount=${digest}&from=${name}`, { method: "POST", token: outsiderToken });
    expect(response.status).toBe(202);
    expect((await api(`/v2/${outsiderRepo}/blobs/${digest}`, { method: "HEAD", token: outsiderToken })).status).toBe(404);
  });

  it("stores shared content once and deletes it only with its last link", async () => {
    const data = randomBytes(2222);
    const second = `${owner.slug}/worker`;
    const digest = await pushBlob(registry, token, name, data);
    await pushBlob(registry, token, second, data);
    expect((await storedBlobFiles()).filter((file) => file === digest.slice(7))).toHaveLength(1);
    const deleted = await api(`/v2/${name}/blobs/${digest}`, { method: "DELETE" });
    expect(deleted.status).toBe(202);
    const gone = await api(`/v2/${name}/blobs/${digest}`);
    expect(gone.status).toBe(404);
    expect(await errorCode(gone)).toBe("BLOB_UNKNOWN");
    expect((await readBlob(second, digest)).equals(data)).toBe(true);
    expect(await errorCode(await api(`/v2/${name}/blobs/${digest}`, { method: "DELETE" }))).toBe("BLOB_UNKNOWN");
    expect((await api(`/v2/${second}/blobs/${digest}`, { method: "DELETE" })).status).toBe(202);
    expect(await storedBlobFiles()).not.toContain(digest.slice(7));
    expect(await testPrisma().blob.findUnique({ where: { digest } })).toBeNull();
  });
});

describe("existence checks", () => {
  it("answers a HEAD for content the store lacks without asking the database, and asks it for stored content", async () => {
    const digest = await pushBlob(registry, token, name, randomBytes(3333));
    const unknown = computeDigest(randomBytes(16));
    let present: Response | undefined;
    const presentStatements = await recordStatements(async () => {
      present = await api(`/v2/${name}/blobs/${digest}`, { method: "HEAD" });
    });
    expect(present!.status).toBe(200);
    expect(aboutBlobs(presentStatements)).toHaveLength(1);
    let absent: Response | undefined;
    const absentStatements = await recordStatements(async () => {
      absent = await api(`/v2/${name}/blobs/${unknown}`, { method: "HEAD" });
    });
    expect(absent!.status).toBe(404);
    expect(absent!.headers.get("docker-distribution-api-version")).toBe("registry/2.0");
    expect(aboutBlobs(absentStatements)).toEqual([]);
  });

  it("still hides stored content from a repository that does not link it", async () => {
    const digest = await pushBlob(registry, token, name, randomBytes(4444));
    expect((await api(`/v2/${owner.slug}/other/blobs/${digest}`, { method: "HEAD" })).status).toBe(404);
    expect((await api(`/v2/${owner.slug}/other/blobs/${digest}`)).status).toBe(404);
  });

  it("reads content that went missing under its metadata as absent, and logs it on a GET", async () => {
    const digest = await pushBlob(registry, token, name, randomBytes(5555));
    const hex = digest.slice("sha256:".length);
    await rm(path.join(registry.storageDir, "blobs", "sha256", hex.slice(0, 2), hex));
    expect((await api(`/v2/${name}/blobs/${digest}`, { method: "HEAD" })).status).toBe(404);
    const get = await api(`/v2/${name}/blobs/${digest}`);
    expect(get.status).toBe(404);
    expect(await errorCode(get)).toBe("BLOB_UNKNOWN");
    const logged = registry.loggedErrors.splice(0);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("blob metadata without content");
    expect(logged[0]).toContain(digest);
  });
});
