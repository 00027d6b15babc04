/**
 * The pull-through proxy against real upstreams on loopback: Debian's docker-registry
 * with htpasswd (Basic) and with token (Bearer) auth (lib/external/test-support), holding
 * a two-platform index whose amd64 image has a 100 MiB layer. A customer pulls with
 * skopeo and the license alone, byte for byte, by tag and by digest; the upstream's own
 * logs show our stored credentials at work, and no byte of any answer of ours (seen
 * through a scanning forwarder), no log line and no stored error carries the upstream
 * password or a token the upstream issued. Then the rules: undeclared images and other
 * applications' licenses get nothing and cause no upstream request, concurrent pulls of
 * one uncached blob fetch it once, and a stopped upstream still serves cached tags.
 * The tests run in order and share one upstream; the last one stops and restarts it.
 */
import { createHash, X509Certificate } from "node:crypto";
import { readdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { createCustomer } from "@/lib/customers/customers";
import { getInstallYaml } from "@/lib/customers/licenses";
import { makeTempDir, startDockerRegistry, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { startUpstreamRegistries, type UpstreamRegistries } from "@/lib/external/test-support/upstream-registries";
import { createAccountWithApp } from "@/lib/images/test-support/account-with-app";
import { readLayoutTag, writeImageLayout, writeIndexLayout, type LayoutDescriptor } from "@/lib/registry/http/test-oci-layout";
import { basicAuth } from "@/lib/registry/http/test-registry";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { testPrisma } from "@/lib/test/database";
import { startScanningForwarder, type ScanningForwarder } from "./test-support/scanning-forwarder";
import { createLicense, proxyName, registerUpstream, releaseImages, startProxyTestbed, type ProxyTestbed } from "./test-support/proxy-testbed";

const USERNAME = "vendor-bot";
const PASSWORD = "Upstream-Password-7f3a9c41";
const WRONG_PASSWORD = "Wrong-Password-5be0d7c2";
const MIB = 1024 * 1024;
const CANARY = "Docker-Distribution-API-Version: registry/2.0";

let upstream: UpstreamRegistries;
let basic: RunningRegistry;
let testbed: ProxyTestbed;
let forwarder: ScanningForwarder;
let work: string;
let skopeo: SkopeoEnvironment;
let multi: LayoutDescriptor;
let big: LayoutDescriptor;
let licenseId: string;
/** The first segment of every token the upstream's realm issues (its JWT header, certificate included). */
let upstreamTokenHeader: string;

beforeAll(async () => {
  upstream = await startUpstreamRegistries({ prefix: "slipway-proxy-", username: USERNAME, password: PASSWORD, tag: "1.0", logs: true });
  basic = upstream.basicRegistry;
  work = await makeTempDir("slipway-proxy-work-");
  skopeo = await prepareSkopeo(work);
  const upstreamCredentials = `${USERNAME}:${PASSWORD}`;
  multi = await writeIndexLayout(path.join(work, "multi"), "2.0", [
    { os: "linux", architecture: "amd64", layerSizes: [100 * MIB] },
    { os: "linux", architecture: "arm64", layerSizes: [64 * 1024] },
  ]);
  big = await writeImageLayout(path.join(work, "big"), "1.0", { os: "linux", architecture: "amd64", layerSizes: [100 * MIB] });
  await skopeoCopy(skopeo, `oci:${path.join(work, "multi")}:2.0`, `docker://${basic.endpoint}/acme/multi:2.0`, upstreamCredentials, ["--all"]);
  await skopeoCopy(skopeo, `oci:${path.join(work, "big")}:1.0`, `docker://${basic.endpoint}/acme/big:1.0`, upstreamCredentials);
  for (const tag of ["2.1", "2.2"]) await skopeoCopy(skopeo, `docker://${basic.endpoint}/acme/app:1.0`, `docker://${basic.endpoint}/acme/multi:${tag}`, upstreamCredentials);
  const certificate = new X509Certificate(await readFile(upstream.realm.rootCertBundle)).raw.toString("base64");
  upstreamTokenHeader = Buffer.from(JSON.stringify({ alg: "ES256", typ: "JWT", x5c: [certificate] })).toString("base64url");

  testbed = await startProxyTestbed("proxy-pull");
  await registerUpstream(testbed, "upstream-basic", basic.endpoint, USERNAME, PASSWORD);
  await registerUpstream(testbed, "upstream-token", upstream.tokenRegistry.endpoint, USERNAME, PASSWORD);
  await registerUpstream(testbed, "upstream-refused", `${basic.endpoint}/refused`, USERNAME, WRONG_PASSWORD);
  const { principal, app } = testbed.vendor;
  await releaseImages(principal, app.slug, [
    { source: "upstream-basic", endpoint: basic.endpoint, name: "acme/multi", tag: "2.0" },
    { source: "upstream-basic", endpoint: basic.endpoint, name: "acme/big", tag: "1.0" },
    { source: "upstream-token", endpoint: upstream.tokenRegistry.endpoint, name: "acme/app", tag: "1.0" },
    { source: "upstream-refused", endpoint: `${basic.endpoint}/refused`, name: "app", tag: "1.0" },
  ], "Stable");
  // Declared only on Beta: Stable's customers may not pull it, the vendor may.
  await releaseImages(principal, app.slug, [{ source: "upstream-basic", endpoint: basic.endpoint, name: "acme/app", tag: "1.0" }], "Beta");
  licenseId = await createLicense(testbed, "Stable");
  // Every answer of ours carries this header: finding it proves the scan sees them.
  const needles = [PASSWORD, WRONG_PASSWORD, Buffer.from(`${USERNAME}:${PASSWORD}`).toString("base64"), upstreamTokenHeader, CANARY];
  forwarder = await startScanningForwarder(Number(testbed.registry.host.split(":")[1]), needles);
}, 240_000);

afterAll(async () => {
  await forwarder?.close();
  await testbed?.close();
  await upstream?.stop();
  if (work) await rm(work, { recursive: true, force: true });
});

/** sha256 hex → sha256 of the bytes, for every blob of a layout. */
async function hashBlobs(dir: string): Promise<Map<string, string>> {
  const root = path.join(dir, "blobs", "sha256");
  const blobs = new Map<string, string>();
  for (const hex of await readdir(root)) if (!hex.endsWith(".tmp")) blobs.set(hex, createHash("sha256").update(await readFile(path.join(root, hex))).digest("hex"));
  return blobs;
}

function proxied(registry: RunningRegistry, repository: string): string {
  return `docker://${forwarder.host}/${proxyName(testbed, registry.endpoint, repository)}`;
}

/**
 * skopeo copy from the proxy with the license. The client sees only a cut connection, so a
 * failure carries the registry's last log lines and answers and how the forwarder's last
 * connections ended (which side ended or failed first).
 */
async function pullWithLicense(from: string, to: string, extra: string[] = []): Promise<void> {
  try {
    await skopeoCopy(skopeo, from, to, `${licenseId}:${licenseId}`, extra);
  } catch (error) {
    const sections = [
      ["the registry logged", testbed.logLines.slice(-20)],
      ["the registry answered", testbed.registry.requests.slice(-20)],
      ["the forwarder's connections ended", forwarder.endings.slice(-20)],
    ] as const;
    const report = sections.map(([title, lines]) => `${title}:\n${lines.join("\n") || "(nothing)"}`).join("\n");
    throw new Error(`${(error as Error).message}\n${report}`);
  }
}

/** A bearer token from our registry (through the forwarder) for pulling `names`. */
async function tokenFor(username: string, secret: string, names: string[]): Promise<string> {
  const query = new URLSearchParams({ service: forwarder.host });
  for (const name of names) query.append("scope", `repository:${name}:pull`);
  const response = await fetch(`http://${forwarder.host}/v2/token?${query}`, { headers: { Authorization: basicAuth(username, secret) } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

async function get(pathAndQuery: string, token: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`http://${forwarder.host}${pathAndQuery}`, { ...init, headers: { Authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
}

function upstreamRequests(registry: RunningRegistry, fragment: string): string[] {
  return registry.logs.filter((line) => line.includes('"GET ') || line.includes('"HEAD ')).filter((line) => line.includes(fragment));
}

describe("pulling through the proxy with a license", () => {
  it("copies the two-platform index from the htpasswd upstream byte for byte, by tag and by digest", async () => {
    const byTag = path.join(work, "pulled-tag");
    await pullWithLicense(`${proxied(basic, "acme/multi")}:2.0`, `oci:${byTag}:2.0`, ["--all"]);
    expect(await readLayoutTag(byTag, "2.0")).toBe(multi.digest);
    const source = await hashBlobs(path.join(work, "multi"));
    const pulled = await hashBlobs(byTag);
    expect([...pulled.keys()].sort()).toEqual([...source.keys()].sort());
    for (const [hex, hash] of pulled) expect(hash, hex).toBe(hex);

    const byDigest = path.join(work, "pulled-digest");
    await pullWithLicense(`${proxied(basic, "acme/multi")}@${multi.digest}`, `oci:${byDigest}:2.0`, ["--all"]);
    expect([...(await hashBlobs(byDigest)).keys()].sort()).toEqual([...source.keys()].sort());
    // docker-registry's own log names the account our stored credentials belong to.
    expect(basic.logs.some((line) => line.includes(`auth.user.name=${USERNAME}`) && line.includes("acme/multi"))).toBe(true);
  });

  it("pulls from the token-auth upstream with a Bearer token fetched for the stored account", async () => {
    const target = path.join(work, "pulled-token");
    await pullWithLicense(`${proxied(upstream.tokenRegistry, "acme/app")}:1.0`, `oci:${target}:1.0`);
    expect(await readLayoutTag(target, "1.0")).toBe(upstream.manifestDigest);
    expect(upstream.realm.requests.some((query) => query.get("account") === USERNAME && query.get("scope") === "repository:acme/app:pull")).toBe(true);
    expect(upstream.realm.tokens.length).toBeGreaterThan(0);
    expect(upstream.realm.tokens.every((token) => token.startsWith(`${upstreamTokenHeader}.`))).toBe(true);
    // The realm issues tokens only for the right password; the registry accepted them for our requests.
    expect(upstream.tokenRegistry.logs.some((line) => line.includes('msg="authorized request"') && line.includes("useragent=slipway-proxy") && line.includes("acme/app"))).toBe(true);
  });

  it("answers an upstream refusal of the stored credentials with a 502 that holds none of them", async () => {
    const name = proxyName(testbed, basic.endpoint, "refused/app");
    const token = await tokenFor(licenseId, licenseId, [name]);
    const response = await get(`/v2/${name}/manifests/1.0`, token);
    expect(response.status).toBe(502);
    const body = (await response.json()) as { errors: { code: string; message: string }[] };
    expect(body.errors[0]!.message).toMatch(/refused the vendor's registry credentials/);
  });

  // docker-registry 2.8 ignores n and last and answers every tag; the proxy then pages itself, as the spec asks.
  it("lists the upstream's tags page by page, with a Link to the proxy path", async () => {
    const name = proxyName(testbed, basic.endpoint, "acme/multi");
    const token = await tokenFor(licenseId, licenseId, [name]);
    const first = await get(`/v2/${name}/tags/list?n=2`, token);
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ name, tags: ["2.0", "2.1"] });
    expect(first.headers.get("link")).toBe(`</v2/${name}/tags/list?n=2&last=2.1>; rel="next"`);
    const second = await get(`/v2/${name}/tags/list?n=2&last=2.1`, token);
    expect(await second.json()).toEqual({ name, tags: ["2.2"] });
    expect(second.headers.get("link")).toBeNull();
  });

  it("gives 8 concurrent pulls of one uncached 100 MiB blob the right bytes from one upstream fetch", async () => {
    const name = proxyName(testbed, basic.endpoint, "acme/big");
    const known = proxyName(testbed, basic.endpoint, "acme/multi");
    const token = await tokenFor(licenseId, licenseId, [name, known]);
    // Another repository of this upstream has met its Basic challenge: acme/big's first request answers it up front.
    expect((await get(`/v2/${known}/manifests/2.0`, token, { method: "HEAD" })).status).toBe(200);
    const manifest = (await (await get(`/v2/${name}/manifests/${big.digest}`, token)).json()) as { layers: { digest: string; size: number }[] };
    const layer = manifest.layers[0]!;
    const results = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const response = await get(`/v2/${name}/blobs/${layer.digest}`, token);
        const hash = createHash("sha256");
        let size = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
          hash.update(chunk);
          size += chunk.length;
        }
        return { status: response.status, digest: `sha256:${hash.digest("hex")}`, size };
      }),
    );
    for (const result of results) expect(result).toEqual({ status: 200, digest: layer.digest, size: layer.size });
    expect(upstreamRequests(basic, `"GET /v2/acme/big/blobs/${layer.digest}`).filter((line) => line.includes('" 200 '))).toHaveLength(1);
    expect(upstreamRequests(basic, '"GET /v2/acme/big/').filter((line) => line.includes('" 401 '))).toEqual([]);
  });
});

describe("who may pull what", () => {
  it("answers NAME_UNKNOWN for an image no release of the license's channel declares, without asking the upstream", async () => {
    const before = basic.logs.length;
    for (const repository of ["acme/undeclared", "acme/app"]) {
      const name = proxyName(testbed, basic.endpoint, repository);
      const token = await tokenFor(licenseId, licenseId, [name]);
      for (const resource of ["manifests/1.0", `blobs/${multi.digest}`, "tags/list"]) {
        const response = await get(`/v2/${name}/${resource}`, token);
        expect(response.status, `${repository} ${resource}`).toBe(404);
        expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("NAME_UNKNOWN");
      }
    }
    expect(basic.logs.slice(before).filter((line) => /"(GET|HEAD) /.test(line))).toEqual([]);
  });

  it("lets the vendor's team pull an image any release declares", async () => {
    const name = proxyName(testbed, basic.endpoint, "acme/app");
    const token = await tokenFor(testbed.vendor.email, testbed.vendor.password, [name]);
    const response = await get(`/v2/${name}/manifests/1.0`, token, { headers: { Accept: "application/vnd.oci.image.manifest.v1+json" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("docker-content-digest")).toBe(upstream.manifestDigest);
  });

  it("refuses a license of another application, without asking the upstream", async () => {
    const other = await createOtherAppLicense();
    const before = basic.logs.length;
    const name = proxyName(testbed, basic.endpoint, "acme/multi");
    const token = await tokenFor(other, other, [name]);
    const response = await get(`/v2/${name}/manifests/2.0`, token);
    expect(response.status).toBe(403);
    expect(basic.logs.slice(before).filter((line) => /"(GET|HEAD) /.test(line))).toEqual([]);
  });

  it("pulls every image of a customer's install YAML with the credentials of its own pull secret", async () => {
    const customer = await createCustomer(testbed.vendor.principal, testbed.vendor.app.slug, { name: "Cluster Co", channel: "Beta", type: "paid", airgap: false });
    const { text } = await getInstallYaml(testbed.vendor.principal, testbed.vendor.app.slug, customer.id);
    const documents = parseAllDocuments(text).map((document) => document.toJS());
    const secret = documents.find((document) => document.kind === "Secret" && document.metadata.name === "replicatedregistrykey");
    const auths = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString()).auths;
    const images: string[] = documents.filter((document) => document.kind === "Deployment").flatMap((document) => document.spec.template.spec.containers.map((c: { image: string }) => c.image));
    expect(images).toEqual([`${testbed.registry.host}/${proxyName(testbed, basic.endpoint, "acme/app")}:1.0`]);
    const { username, password } = auths[testbed.registry.host];
    const target = path.join(work, "pulled-install");
    await skopeoCopy(skopeo, `docker://${images[0]}`, `oci:${target}:1.0`, `${username}:${password}`);
    expect(await readLayoutTag(target, "1.0")).toBe(upstream.manifestDigest);
  });

  it("refuses push, delete and uploads under proxy/ with UNSUPPORTED", async () => {
    const name = proxyName(testbed, basic.endpoint, "acme/multi");
    const token = await tokenFor(testbed.vendor.email, testbed.vendor.password, [name]);
    const attempts: [string, string][] = [
      ["PUT", `/v2/${name}/manifests/9.9`],
      ["DELETE", `/v2/${name}/manifests/2.0`],
      ["POST", `/v2/${name}/blobs/uploads/`],
      ["DELETE", `/v2/${name}/blobs/${multi.digest}`],
    ];
    for (const [method, url] of attempts) {
      const response = await get(url, token, { method });
      expect(response.status, `${method} ${url}`).toBe(405);
      expect(((await response.json()) as { errors: { code: string }[] }).errors[0]!.code).toBe("UNSUPPORTED");
    }
  });
});

/** A customer of another vendor's application (on its own Stable channel). */
async function createOtherAppLicense(): Promise<string> {
  const owner = await createAccountWithApp("proxy-other");
  const customer = await createCustomer(owner.principal, owner.app.slug, { name: "Other Co", channel: "Stable", type: "paid", airgap: false });
  return customer.licenseId;
}

describe("when the upstream stops", () => {
  it("still serves a cached tag after the TTL, fails a never-pulled tag clearly, and serves a re-pushed tag after the TTL", async () => {
    const name = proxyName(testbed, basic.endpoint, "acme/multi");
    const token = await tokenFor(licenseId, licenseId, [name]);
    await basic.stop();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const cached = await get(`/v2/${name}/manifests/2.0`, token);
    expect(cached.status).toBe(200);
    expect(cached.headers.get("docker-content-digest")).toBe(multi.digest);
    const never = await get(`/v2/${name}/manifests/2.2`, token);
    expect(never.status).toBe(502);
    expect(((await never.json()) as { errors: { message: string }[] }).errors[0]!.message).toMatch(/could not serve .*not cached.*connection was refused/);
    await testbed.proxy.stats.flush();
    const registry = await testPrisma().externalRegistry.findFirstOrThrow({ where: { teamId: testbed.vendor.principal.teamId, name: "upstream-basic" }, include: { proxyStats: true } });
    expect(Number(registry.proxyStats!.staleServed)).toBeGreaterThanOrEqual(1);
    expect(registry.proxyStats!.lastError).toMatch(/refused/);

    const restarted = await startDockerRegistry({ dir: upstream.dir, storageDir: basic.storageDir, auth: { kind: "htpasswd", username: USERNAME, password: PASSWORD }, logs: true, port: basic.port });
    try {
      await skopeoCopy(skopeo, `docker://${basic.endpoint}/acme/app:1.0`, `docker://${basic.endpoint}/acme/multi:2.0`, `${USERNAME}:${PASSWORD}`);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const moved = await get(`/v2/${name}/manifests/2.0`, token, { headers: { Accept: "application/vnd.oci.image.manifest.v1+json" } });
      expect(moved.status).toBe(200);
      expect(moved.headers.get("docker-content-digest")).toBe(upstream.manifestDigest);
    } finally {
      await restarted.stop();
    }
  });
});

describe("secrets", () => {
  it("never sent the upstream password or an upstream token in any answer, log line or stored error", async () => {
    expect(forwarder.bytesScanned).toBeGreaterThan(200 * MIB);
    expect([...forwarder.found]).toEqual([CANARY]);
    const needles = [PASSWORD, WRONG_PASSWORD, upstreamTokenHeader, ...upstream.realm.tokens];
    const stored = await testPrisma().proxyRegistryStats.findMany({ where: { registry: { teamId: testbed.vendor.principal.teamId } } });
    const texts = [...testbed.logLines, ...stored.map((row) => row.lastError ?? "")];
    for (const needle of needles) expect(texts.filter((text) => text.includes(needle))).toEqual([]);
    expect(testbed.logLines.filter((line) => line.startsWith("error"))).toEqual([]);
  });
});
