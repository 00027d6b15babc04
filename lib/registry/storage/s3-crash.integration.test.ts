/**
 * A registry process on S3 storage (Ceph RGW) killed with SIGKILL in the middle of a
 * 500 MiB upload: no half blob becomes visible, a restarted server takes the upload
 * again from the start, and the purge of abandoned uploads leaves no stray multipart
 * parts or upload objects in the bucket.
 */
import { createHash, randomBytes } from "node:crypto";
import { request } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestTenant, type TestTenant } from "@/lib/registry/http/test-registry";
import { purgeAbandonedUploads } from "@/lib/registry/metadata/upload-sessions";
import { sharedInstallationEnv, startRegistryProcess, type RegistryProcess } from "@/lib/registry/storage/test-support/registry-processes";
import { testDatabaseUrl, testPrisma } from "@/lib/test/database";
import { createRgwStorage, startCephRgw, type CephRgw, type RgwStorage } from "@/lib/test/ceph-rgw";

const MIB = 1024 * 1024;
const TOTAL = 500 * MIB;
/** 1 MiB pieces cycled with a counter stamped in, so the content is large, incompressible and cheap to make. */
const PATTERN = randomBytes(MIB);

function piece(index: number): Buffer {
  const chunk = Buffer.from(PATTERN);
  chunk.writeUInt32BE(index, 0);
  return chunk;
}

const DIGEST = (() => {
  const hash = createHash("sha256");
  for (let index = 0; index < TOTAL / MIB; index += 1) hash.update(piece(index));
  return `sha256:${hash.digest("hex")}`;
})();

let rgw: CephRgw;
let bucket: RgwStorage;
let env: Record<string, string>;
let tenant: TestTenant;
const started: RegistryProcess[] = [];

beforeAll(async () => {
  rgw = await startCephRgw();
  bucket = await createRgwStorage(rgw);
  env = sharedInstallationEnv(testDatabaseUrl(), bucket.env);
  tenant = await createTestTenant("s3-crash");
}, 120_000);

afterAll(async () => {
  await Promise.all(started.map((instance) => instance.stop()));
  await rgw?.stop();
});

async function start(): Promise<RegistryProcess> {
  const instance = await startRegistryProcess(env);
  started.push(instance);
  return instance;
}

async function tokenFrom(instance: RegistryProcess, name: string): Promise<string> {
  const query = new URLSearchParams({ service: "slipway.test", scope: `repository:${name}:pull,push` });
  const response = await fetch(`${instance.origin}/v2/token?${query}`, {
    headers: { Authorization: `Basic ${Buffer.from(`${tenant.account.email}:${tenant.account.password}`).toString("base64")}` },
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

/**
 * Streams the 500 MiB content to `path` with backpressure; calls `onProgress` with the
 * bytes handed over so far (it may kill the server). Resolves with the status, or the error.
 */
function streamUpload(instance: RegistryProcess, method: string, path: string, token: string, onProgress: (sent: number) => void): Promise<number | Error> {
  return new Promise((resolve) => {
    const req = request(`${instance.origin}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/octet-stream", "Content-Length": TOTAL },
    });
    req.on("response", (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
    });
    req.on("error", (error) => resolve(error));
    let index = 0;
    const writeMore = () => {
      while (index < TOTAL / MIB) {
        const isFull = !req.write(piece(index));
        index += 1;
        onProgress(index * MIB);
        if (req.destroyed) return;
        if (isFull) {
          req.once("drain", writeMore);
          return;
        }
      }
      req.end();
    };
    writeMore();
  });
}

async function startUpload(instance: RegistryProcess, name: string, token: string): Promise<string> {
  const response = await fetch(`${instance.origin}/v2/${name}/blobs/uploads/`, { method: "POST", headers: { Authorization: `Bearer ${token}` } });
  expect(response.status).toBe(202);
  return response.headers.get("location")!;
}

describe("a server killed in the middle of a 500 MiB upload to S3", () => {
  it("leaves no visible blob, takes the upload again after a restart, and the purge leaves no parts behind", async () => {
    const name = `${tenant.slug}/big`;
    const first = await start();
    const token = await tokenFrom(first, name);
    const location = await startUpload(first, name, token);
    const sessionId = location.split("/").pop()!.split("?")[0]!;
    let isKilled = false;
    const outcome = await streamUpload(first, "PATCH", location, token, (sent) => {
      if (!isKilled && sent >= 200 * MIB) {
        isKilled = true;
        void first.kill();
      }
    });
    expect(outcome).toBeInstanceOf(Error);
    await first.kill();

    // Nothing visible: no blob object, no Blob row; the killed write left multipart parts behind.
    expect(await bucket.hasBlob(DIGEST)).toBe(false);
    expect(await testPrisma().blob.count({ where: { digest: DIGEST } })).toBe(0);
    expect((await bucket.driver.listMultipartUploads()).length).toBeGreaterThan(0);

    // A restarted server takes the whole upload again (a new session, as clients do).
    const second = await start();
    const again = await startUpload(second, name, token);
    const status = await streamUpload(second, "PUT", `${again}${again.includes("?") ? "&" : "?"}digest=${DIGEST}`, token, () => undefined);
    expect(status).toBe(201);
    expect(await bucket.hasBlob(DIGEST)).toBe(true);
    const head = await fetch(`${second.origin}/v2/${name}/blobs/${DIGEST}`, { method: "HEAD", headers: { Authorization: `Bearer ${token}` } });
    expect([head.status, head.headers.get("content-length")]).toEqual([200, String(TOTAL)]);

    // The killed session is abandoned (made a day old here instead of waiting a day); the purge aborts its parts.
    await testPrisma().$executeRaw`UPDATE "UploadSession" SET "updatedAt" = now() - interval '2 days' WHERE id = ${sessionId}::uuid`;
    expect(await purgeAbandonedUploads(testPrisma(), bucket.driver, 24 * 60 * 60 * 1000)).toBeGreaterThanOrEqual(1);
    expect(await bucket.driver.listMultipartUploads()).toEqual([]);
    expect(await bucket.driver.listUploads()).toEqual([]);
    expect(await testPrisma().uploadSession.count({ where: { id: sessionId } })).toBe(0);
  }, 300_000);
});
