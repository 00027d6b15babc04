/**
 * Airgap bundles end to end below the browser: a release of the application's own
 * two-platform image, an external private image (docker-registry with htpasswd, through
 * the proxy's cache) and a public image from a loopback PUBLIC_REGISTRY_MIRROR is built by
 * the real airgap-build job, downloaded through the API routes, and then checked with
 * nothing but skopeo, tar and the file: every image copies out into a fresh
 * docker-registry with its original digest, the rewritten manifests name exactly those
 * images, and a blob shared by two images is stored once. Then resuming a download with
 * Range, who may download (401/403/404), and a failing upstream with a retry.
 * The tests run in order on one testbed.
 */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { rename, stat } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import * as statusRoute from "@/app/api/v1/apps/[slug]/releases/[sequence]/airgap/route";
import * as bundleRoute from "@/app/api/v1/apps/[slug]/releases/[sequence]/airgap/bundle/route";
import * as licenseRoute from "@/app/api/v1/license/airgap/[sequence]/route";
import { updateChannel } from "@/lib/customers/channels";
import { createCustomer } from "@/lib/customers/customers";
import { startDockerRegistry, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { createAccountWithApp } from "@/lib/images/test-support/account-with-app";
import { runSkopeo } from "@/lib/registry/http/test-skopeo";
import { callRoute } from "@/lib/test/call-route";
import { testPrisma } from "@/lib/test/database";
import { findBundleRow } from "./bundle-rows";
import { createAirgapRelease, startAirgapTestbed, type AirgapTestbed } from "./test-support/airgap-testbed";

const run = promisify(execFile);

let bed: AirgapTestbed;
let slug: string;
let sequence: number;
/** The bundle of release `sequence`, downloaded by the vendor. */
let bundleFile: string;
let published: { sha256: string; size: number };

beforeAll(async () => {
  bed = await startAirgapTestbed("airgap");
  slug = bed.testbed.vendor.app.slug;
  sequence = await createAirgapRelease(bed);
});

afterAll(async () => {
  await bed?.close();
});

function params(seq = sequence) {
  return { slug, sequence: String(seq) };
}

/** Polls the bundle's state until it leaves "building" (at most two minutes). */
async function waitForBundle(seq: number, token = bed.testbed.vendor.token) {
  const until = Date.now() + 120_000;
  for (;;) {
    const res = await callRoute(statusRoute.GET, { token, params: params(seq) });
    expect(res.status).toBe(200);
    if (res.body.bundle.status !== "building") return res.body.bundle;
    if (Date.now() > until) throw new Error(`bundle still building: ${JSON.stringify(res.body.bundle)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Calls a download route and returns the raw response (the body unread). */
function download(handler: typeof bundleRoute.GET, options: { seq?: number; token?: string; license?: string; range?: string }): Promise<Response> {
  const headers = new Headers({ "user-agent": "airgap-test" });
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.license) headers.set("authorization", `Bearer ${options.license}`);
  if (options.range) headers.set("range", options.range);
  const seq = String(options.seq ?? sequence);
  const request = new Request(`http://localhost/api/v1/download/${seq}`, { headers });
  return handler(request, { params: Promise.resolve(options.license ? { sequence: seq } : params(options.seq)) });
}

async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  await pipeline(createReadStream(file), hash);
  return hash.digest("hex");
}

async function listTar(file: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tf", file], { maxBuffer: 16 * 1024 * 1024 });
  return stdout.split("\n").filter(Boolean);
}

async function readFromTar(file: string, member: string): Promise<string> {
  const { stdout } = await run("tar", ["-xOf", file, member], { maxBuffer: 16 * 1024 * 1024 });
  return stdout;
}

describe("airgap bundles", () => {
  it("builds once per release (a second request joins the build) and serves a tar whose sha256 is published", async () => {
    const first = await callRoute(statusRoute.POST, { method: "POST", token: bed.testbed.vendor.token, params: params() });
    expect(first.status).toBe(202);
    expect(first.body.bundle).toMatchObject({ status: "building", imagesDone: 0, attempt: 1 });
    const second = await callRoute(statusRoute.POST, { method: "POST", token: bed.testbed.vendor.token, params: params() });
    expect(second.status).toBe(202);
    expect(second.body.bundle.attempt).toBe(1);

    const bundle = await waitForBundle(sequence);
    expect(bundle).toMatchObject({ status: "ready", imagesDone: 3, imagesTotal: 3 });
    expect(bundle.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(bundle.log.some((line: string) => line.includes(`resolved ${bed.references.tool}`))).toBe(true);
    published = { sha256: bundle.sha256, size: bundle.size };

    // Asked again once ready, it is reused, not rebuilt.
    const again = await callRoute(statusRoute.POST, { method: "POST", token: bed.testbed.vendor.token, params: params() });
    expect(again.body.bundle).toMatchObject({ status: "ready", attempt: 1, sha256: bundle.sha256 });

    const res = await download(bundleRoute.GET, { token: bed.testbed.vendor.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-length")).toBe(String(bundle.size));
    expect(res.headers.get("x-checksum-sha256")).toBe(bundle.sha256);
    bundleFile = path.join(bed.work, "bundle.tar");
    await pipeline(Readable.fromWeb(res.body as never), createWriteStream(bundleFile));
    expect((await stat(bundleFile)).size).toBe(bundle.size);
    expect(await sha256File(bundleFile)).toBe(bundle.sha256);
  });

  it("holds every image, which skopeo alone copies into a fresh registry with its original digest", async () => {
    const index = JSON.parse(await readFromTar(bundleFile, "index.json"));
    const names: string[] = index.manifests.map((entry: { annotations: Record<string, string> }) => entry.annotations["org.opencontainers.image.ref.name"]);
    expect(names).toEqual([`${slug}/web:1.0`, `${bed.upstream.endpoint.replace(":", "_")}/acme/tool:2.0`, "docker.io/library/redis:7"]);
    const bundleJson = JSON.parse(await readFromTar(bundleFile, "bundle.json"));
    expect(bundleJson).toMatchObject({ formatVersion: 1, app: { slug }, release: { sequence, channels: [{ channel: "Stable" }] } });
    expect(bundleJson.images.map((image: { digest: string }) => image.digest)).toEqual([bed.digests.web, bed.digests.tool, bed.digests.redis]);
    expect(bundleJson.images[0].platforms).toEqual(["linux/amd64", "linux/arm64"]);
    expect(bundleJson.images[2].platforms).toEqual(["linux/amd64"]);

    const target: RunningRegistry = await startDockerRegistry({ dir: bed.work, storageDir: path.join(bed.work, "target"), auth: { kind: "none" } });
    try {
      const expected = [bed.digests.web, bed.digests.tool, bed.digests.redis];
      for (const [position, name] of names.entries()) {
        await runSkopeo(bed.skopeo, ["copy", "--quiet", "--all", "--preserve-digests", "--dest-tls-verify=false", `oci-archive:${bundleFile}:${name}`, `docker://${target.endpoint}/${name}`]);
        const raw = await runSkopeo(bed.skopeo, ["inspect", "--raw", "--tls-verify=false", `docker://${target.endpoint}/${name}`]);
        expect(`sha256:${createHash("sha256").update(raw).digest("hex")}`).toBe(expected[position]);
      }
      // Every platform of the index arrived, not just this machine's.
      const index = JSON.parse(await runSkopeo(bed.skopeo, ["inspect", "--raw", "--tls-verify=false", `docker://${target.endpoint}/${names[0]}`]));
      for (const child of index.manifests) await runSkopeo(bed.skopeo, ["inspect", "--raw", "--tls-verify=false", `docker://${target.endpoint}/${slug}/web@${child.digest}`]);

      // The rewritten manifests reference exactly the images the bundle holds.
      const manifests = parseAllDocuments(await readFromTar(bundleFile, "manifests/release.yaml")).map((document) => document.toJS());
      const images = manifests.flatMap((object) => object.spec.template.spec.containers.map((entry: { image: string }) => entry.image.replace("${LOCAL_REGISTRY}", target.endpoint)));
      expect(images.sort()).toEqual(names.map((name) => `${target.endpoint}/${name}`).sort());
    } finally {
      await target.stop();
    }
  });

  it("stores a blob shared by two images once", async () => {
    const entries = await listTar(bundleFile);
    const blobs = entries.filter((entry) => entry.startsWith("blobs/"));
    expect(new Set(blobs).size).toBe(blobs.length);
    expect(blobs.filter((entry) => entry === `blobs/sha256/${bed.sharedLayer.slice(7)}`)).toHaveLength(1);
    expect(entries).toEqual(expect.arrayContaining(["oci-layout", "index.json", "bundle.json", "manifests/release.yaml"]));
  });

  it("resumes an interrupted customer download with Range, to the published sha256, and records each request in the ledger", async () => {
    const { principal } = bed.testbed.vendor;
    const customer = await createCustomer(principal, slug, { name: "Disconnected Corp", channel: "Stable", type: "paid", airgap: true });
    const first = await download(licenseRoute.GET, { license: customer.licenseId });
    expect(first.status).toBe(200);
    // Read about half, then drop the connection.
    const reader = first.body!.getReader();
    const chunks: Buffer[] = [];
    let received = 0;
    while (received < published.size / 2) {
      const { value, done } = await reader.read();
      if (done) break;
      chunks.push(Buffer.from(value));
      received += value.length;
    }
    await reader.cancel();
    const head = Buffer.concat(chunks).subarray(0, Math.floor(published.size / 2));
    expect(head.length).toBeLessThan(published.size);

    const rest = await download(licenseRoute.GET, { license: customer.licenseId, range: `bytes=${head.length}-` });
    expect(rest.status).toBe(206);
    expect(rest.headers.get("content-range")).toBe(`bytes ${head.length}-${published.size - 1}/${published.size}`);
    expect(rest.headers.get("content-length")).toBe(String(published.size - head.length));
    const tail = Buffer.from(await rest.arrayBuffer());
    const whole = Buffer.concat([head, tail]);
    expect(whole.length).toBe(published.size);
    expect(createHash("sha256").update(whole).digest("hex")).toBe(published.sha256);
    const beyond = await download(licenseRoute.GET, { license: customer.licenseId, range: `bytes=${published.size}-` });
    expect(beyond.status).toBe(416);

    const pulls = await testPrisma().licensePull.findMany({ where: { customerId: customer.id }, orderBy: { id: "asc" } });
    expect(pulls.map((pull) => [pull.repository, pull.reference, pull.digest, pull.method])).toEqual([
      ["airgap bundle", `release-${sequence}`, `sha256:${published.sha256}`, "GET"],
      ["airgap bundle", `release-${sequence}`, `sha256:${published.sha256}`, `GET bytes=${head.length}-`],
    ]);
  });

  it("refuses customers without the entitlement (403), with an expired license (401), of another channel (404), and other teams (404)", async () => {
    const { principal } = bed.testbed.vendor;
    const plain = await createCustomer(principal, slug, { name: "No Airgap Inc", channel: "Stable", type: "paid", airgap: false });
    const res403 = await download(licenseRoute.GET, { license: plain.licenseId });
    expect(res403.status).toBe(403);
    expect((await res403.json()).error.message).toMatch(/not entitled to airgap/);

    const expired = await createCustomer(principal, slug, { name: "Lapsed Ltd", channel: "Stable", type: "paid", airgap: true });
    await testPrisma().customer.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 86_400_000) } });
    const res401 = await download(licenseRoute.GET, { license: expired.licenseId });
    expect(res401.status).toBe(401);
    expect((await res401.json()).error.message).toMatch(/license expired on/);

    const beta = await createCustomer(principal, slug, { name: "Beta Tester", channel: "Beta", type: "paid", airgap: true });
    const res404 = await download(licenseRoute.GET, { license: beta.licenseId });
    expect(res404.status).toBe(404);

    const unknown = await download(licenseRoute.GET, { license: "0".repeat(32) });
    expect(unknown.status).toBe(401);

    const stranger = await createAccountWithApp("airgap-stranger");
    expect((await callRoute(statusRoute.GET, { token: stranger.token, params: params() })).status).toBe(404);
    expect((await callRoute(statusRoute.POST, { method: "POST", token: stranger.token, params: params() })).status).toBe(404);
    expect((await download(bundleRoute.GET, { token: stranger.token })).status).toBe(404);
  });

  it("fails naming the image when an upstream fails mid-build, leaves no partial bundle, and succeeds on retry", async () => {
    const retried = await createAirgapRelease(bed);
    // The mirror loses the public image's config, which only it serves: the write fails after the other images.
    const configFile = path.join(bed.mirror.storageDir, "docker/registry/v2/blobs/sha256", bed.redisConfig.slice(7, 9), bed.redisConfig.slice(7), "data");
    await rename(configFile, `${configFile}.away`);
    try {
      expect((await callRoute(statusRoute.POST, { method: "POST", token: bed.testbed.vendor.token, params: params(retried) })).status).toBe(202);
      const failed = await waitForBundle(retried);
      expect(failed.status).toBe("failed");
      expect(failed.failedImage).toBe(bed.references.redis);
      expect(failed.error).toContain(bed.references.redis);
      expect(failed.error).toContain(`does not have the blob ${bed.redisConfig}`);
      expect(failed.log.at(-1)).toContain(`failed: ${bed.references.redis}`);
      expect(failed.imagesDone).toBe(2);
      expect(failed.sha256).toBeUndefined();
      expect(await bed.deps.storage.listUploads()).toEqual([]);
      expect((await download(bundleRoute.GET, { token: bed.testbed.vendor.token, seq: retried })).status).toBe(404);
    } finally {
      await rename(`${configFile}.away`, configFile);
    }
    const retry = await callRoute(statusRoute.POST, { method: "POST", token: bed.testbed.vendor.token, params: params(retried) });
    expect(retry.body.bundle).toMatchObject({ status: "building", attempt: 2 });
    const ready = await waitForBundle(retried);
    expect(ready).toMatchObject({ status: "ready", imagesDone: 3 });
    const res = await download(bundleRoute.GET, { token: bed.testbed.vendor.token, seq: retried });
    expect(createHash("sha256").update(Buffer.from(await res.arrayBuffer())).digest("hex")).toBe(ready.sha256);
  });

  it("builds on promotion to a channel that asks for it, only while airgap customers follow it", async () => {
    const { principal } = bed.testbed.vendor;
    const releaseOf = async (seq: number) => (await testPrisma().release.findUniqueOrThrow({ where: { appId_sequence: { appId: bed.testbed.vendor.app.id, sequence: seq } } })).id;
    await updateChannel(principal, slug, "Unstable", { airgapBuildOnPromotion: true });
    const noCustomers = await createAirgapRelease(bed, "Unstable");
    expect(await findBundleRow(testPrisma(), await releaseOf(noCustomers))).toBeNull();

    await createCustomer(principal, slug, { name: "Bunker Ltd", channel: "Unstable", type: "paid", airgap: true });
    const promoted = await createAirgapRelease(bed, "Unstable");
    const row = await findBundleRow(testPrisma(), await releaseOf(promoted));
    expect(row?.log).toContain("build started by the promotion to Unstable (1 airgap customer)");
    expect(await waitForBundle(promoted)).toMatchObject({ status: "ready", imagesDone: 3 });
  });
});
