/**
 * Eight clients push images that share layers at the same time, into one repository and
 * into sibling repositories, with chunked and monolithic uploads and clashing tags. All
 * must succeed, and what is stored afterwards must be consistent: one file per digest,
 * every link backed by a Blob row, no upload left behind.
 */
import { randomBytes } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { computeDigest } from "@/lib/registry/digests";
import { OCI_INDEX, OCI_MANIFEST } from "@/lib/registry/manifests/media-types";
import { createTestTenant, fetchTenantToken, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";

const CLIENTS = 8;

let registry: TestRegistry;
let tenant: TestTenant;

beforeAll(async () => {
  registry = await startTestRegistry();
  tenant = await createTestTenant("parallel");
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
});

async function expectStatus(response: Promise<Response>, status: number, what: string): Promise<Response> {
  const answer = await response;
  if (answer.status !== status) throw new Error(`${what}: ${answer.status} ${await answer.text()}`);
  return answer;
}

/** Uploads a blob the way docker does: HEAD, POST, one or two PATCHes, PUT ?digest=. */
async function uploadBlob(token: string, name: string, data: Buffer, isChunked: boolean): Promise<string> {
  const auth = { Authorization: `Bearer ${token}` };
  const digest = computeDigest(data);
  const base = `${registry.origin}/v2/${name}`;
  if ((await fetch(`${base}/blobs/${digest}`, { method: "HEAD", headers: auth })).status === 200) return digest;
  const start = await expectStatus(fetch(`${base}/blobs/uploads/`, { method: "POST", headers: auth }), 202, "start");
  const location = `${registry.origin}${start.headers.get("location")}`;
  if (isChunked) {
    const half = Math.floor(data.length / 2);
    await expectStatus(fetch(location, { method: "PATCH", headers: { ...auth, "Content-Range": `0-${half - 1}` }, body: new Uint8Array(data.subarray(0, half)) }), 202, "patch 1");
    await expectStatus(fetch(location, { method: "PATCH", headers: { ...auth, "Content-Range": `${half}-${data.length - 1}` }, body: new Uint8Array(data.subarray(half)) }), 202, "patch 2");
    await expectStatus(fetch(`${location}?digest=${digest}`, { method: "PUT", headers: auth }), 201, "complete");
  } else {
    await expectStatus(fetch(`${location}?digest=${digest}`, { method: "PUT", headers: auth, body: new Uint8Array(data) }), 201, "monolithic");
  }
  return digest;
}

async function pushImage(client: number, token: string, name: string, shared: Buffer[]): Promise<string> {
  const unique = randomBytes(300_000);
  const config = Buffer.from(JSON.stringify({ os: "linux", architecture: "amd64", config: { Labels: { client: String(client) } } }));
  const layers = [...shared, unique];
  const digests = await Promise.all(layers.map((layer, index) => uploadBlob(token, name, layer, (client + index) % 2 === 0)));
  const configDigest = await uploadBlob(token, name, config, false);
  const manifest = JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: "application/vnd.oci.image.config.v1+json", digest: configDigest, size: config.length },
    layers: layers.map((layer, index) => ({ mediaType: "application/vnd.oci.image.layer.v1.tar+gzip", digest: digests[index], size: layer.length })),
  });
  const auth = { Authorization: `Bearer ${token}`, "Content-Type": OCI_MANIFEST };
  await expectStatus(fetch(`${registry.origin}/v2/${name}/manifests/client-${client}`, { method: "PUT", headers: auth, body: manifest }), 201, "manifest");
  await expectStatus(fetch(`${registry.origin}/v2/${name}/manifests/latest`, { method: "PUT", headers: auth, body: manifest }), 201, "latest");
  return computeDigest(manifest);
}

it("lets 8 clients push images sharing layers at once, and stays consistent", async () => {
  const shared = [randomBytes(2 * 1024 * 1024), randomBytes(1024 * 1024), randomBytes(64 * 1024)];
  const names = Array.from({ length: CLIENTS }, (_, client) => `${tenant.slug}/${client % 2 === 0 ? "shared" : `own-${client}`}`);
  const tokens = await Promise.all(names.map((name) => fetchTenantToken(registry, tenant, [name])));
  const manifests = await Promise.all(names.map((name, client) => pushImage(client, tokens[client]!, name, shared)));

  for (const [client, name] of names.entries()) {
    const auth = { Authorization: `Bearer ${tokens[client]}` };
    const manifest = await fetch(`${registry.origin}/v2/${name}/manifests/client-${client}`, { headers: { ...auth, Accept: `${OCI_MANIFEST}, ${OCI_INDEX}` } });
    expect(manifest.headers.get("docker-content-digest")).toBe(manifests[client]);
    for (const layer of shared) {
      const blob = await fetch(`${registry.origin}/v2/${name}/blobs/${computeDigest(layer)}`, { headers: auth });
      expect(Buffer.from(await blob.arrayBuffer()).equals(layer)).toBe(true);
    }
  }

  const prisma = testPrisma();
  const repositories = await prisma.repository.findMany({ where: { app: { slug: tenant.slug } }, select: { id: true } });
  const ids = repositories.map((repository) => repository.id);
  expect(await prisma.uploadSession.count({ where: { repositoryId: { in: ids } } })).toBe(0);
  expect(await readdir(path.join(registry.storageDir, "uploads"))).toEqual([]);
  const links = await prisma.repositoryBlob.findMany({ where: { repositoryId: { in: ids } }, include: { blob: true } });
  const digests = new Set(links.map((link) => link.digest));
  // 3 shared layers, then per client one unique layer and one config.
  expect(digests.size).toBe(3 + 2 * CLIENTS);
  const root = path.join(registry.storageDir, "blobs", "sha256");
  const files = (await Promise.all((await readdir(root)).map((prefix) => readdir(path.join(root, prefix))))).flat();
  expect(files.sort()).toEqual([...digests].map((digest) => digest.slice(7)).sort());
  const latest = await prisma.tag.findFirstOrThrow({ where: { name: "latest", repository: { name: `${tenant.slug}/shared` } }, include: { manifest: true } });
  expect(manifests).toContain(latest.manifest.digest);
});
