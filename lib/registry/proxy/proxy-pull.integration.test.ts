/**
 * The pull-through proxy against real upstreams on loopback: Debian's docker-registry
 * with htpasswd (Basic) and with token (Bearer) auth (lib/external/test-support), holding
 * a two-platform index whose amd64 image has a 100 MiB layer. A customer pulls with
 * skopeo and the license alone, byte for byte, by tag and by digest; the upstream's
 * own logs show our stored credentials at work, and no response, header or log line of
 * ours ever carries the upstream password or a token the upstream issued.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTempDir, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { startUpstreamRegistries, type UpstreamRegistries } from "@/lib/external/test-support/upstream-registries";
import { readLayoutTag, writeIndexLayout, type LayoutDescriptor } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { createLicense, proxyName, registerUpstream, releaseImages, startProxyTestbed, type ProxyTestbed } from "./test-support/proxy-testbed";

const USERNAME = "vendor-bot";
const PASSWORD = "Upstream-Password-7f3a9c41";
const MIB = 1024 * 1024;

let upstream: UpstreamRegistries;
let testbed: ProxyTestbed;
let work: string;
let skopeo: SkopeoEnvironment;
let multi: LayoutDescriptor;
let licenseId: string;

beforeAll(async () => {
  upstream = await startUpstreamRegistries({ prefix: "slipway-proxy-", username: USERNAME, password: PASSWORD, tag: "1.0", logs: true });
  work = await makeTempDir("slipway-proxy-work-");
  skopeo = await prepareSkopeo(work);
  multi = await writeIndexLayout(path.join(work, "multi"), "2.0", [
    { os: "linux", architecture: "amd64", layerSizes: [100 * MIB] },
    { os: "linux", architecture: "arm64", layerSizes: [64 * 1024] },
  ]);
  await skopeoCopy(skopeo, `oci:${path.join(work, "multi")}:2.0`, `docker://${upstream.basicRegistry.endpoint}/acme/multi:2.0`, `${USERNAME}:${PASSWORD}`, ["--all"]);
  testbed = await startProxyTestbed("proxy-pull");
  await registerUpstream(testbed, "upstream-basic", upstream.basicRegistry.endpoint, USERNAME, PASSWORD);
  await registerUpstream(testbed, "upstream-token", upstream.tokenRegistry.endpoint, USERNAME, PASSWORD);
  const { principal, app } = testbed.vendor;
  await releaseImages(principal, app.slug, [
    { source: "upstream-basic", endpoint: upstream.basicRegistry.endpoint, name: "acme/multi", tag: "2.0" },
    { source: "upstream-token", endpoint: upstream.tokenRegistry.endpoint, name: "acme/app", tag: "1.0" },
  ], "Stable");
  licenseId = await createLicense(testbed, "Stable");
}, 180_000);

afterAll(async () => {
  await testbed?.close();
  await upstream?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** sha256 hex → bytes of every blob in a layout. */
async function readBlobs(dir: string): Promise<Map<string, string>> {
  const root = path.join(dir, "blobs", "sha256");
  const blobs = new Map<string, string>();
  for (const hex of await readdir(root)) if (!hex.endsWith(".tmp")) blobs.set(hex, createHash("sha256").update(await readFile(path.join(root, hex))).digest("hex"));
  return blobs;
}

function proxied(registry: RunningRegistry, repository: string): string {
  return `docker://${testbed.registry.host}/${proxyName(testbed, registry.endpoint, repository)}`;
}

describe("pulling through the proxy with a license", () => {
  it("copies the two-platform index from the htpasswd upstream byte for byte, by tag and by digest", async () => {
    const byTag = path.join(work, "pulled-tag");
    await skopeoCopy(skopeo, `${proxied(upstream.basicRegistry, "acme/multi")}:2.0`, `oci:${byTag}:2.0`, `${licenseId}:${licenseId}`, ["--all"]);
    expect(await readLayoutTag(byTag, "2.0")).toBe(multi.digest);
    const source = await readBlobs(path.join(work, "multi"));
    const pulled = await readBlobs(byTag);
    expect([...pulled.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [hex, hash] of pulled) expect(hash, hex).toBe(hex);

    const byDigest = path.join(work, "pulled-digest");
    await skopeoCopy(skopeo, `${proxied(upstream.basicRegistry, "acme/multi")}@${multi.digest}`, `oci:${byDigest}:2.0`, `${licenseId}:${licenseId}`, ["--all"]);
    expect([...(await readBlobs(byDigest)).keys()].sort()).toEqual([...source.keys()].sort());
    expect(upstream.basicRegistry.logs.some((line) => line.includes(`auth.user.name=${USERNAME}`) && line.includes("acme/multi"))).toBe(true);
  }, 120_000);
});
