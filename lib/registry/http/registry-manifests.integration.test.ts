/**
 * Manifests, tags and referrers over raw HTTP: every manifest type, content negotiation,
 * missing references, size limit, subjects and the referrers API, tag pagination and
 * deletion, and the summary stored for the images pages.
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import { computeDigest } from "@/lib/registry/digests";
import { MAX_MANIFEST_BYTES } from "@/lib/registry/manifests/parse-manifest";
import {
  DOCKER_MANIFEST,
  DOCKER_MANIFEST_LIST,
  OCI_EMPTY,
  OCI_INDEX,
  OCI_MANIFEST,
} from "@/lib/registry/manifests/media-types";
import {
  createTestTenant,
  fetchTenantToken,
  fetchToken,
  pushBlob,
  pushManifest,
  pushSmallImage,
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
  owner = await createTestTenant("manifests");
  name = `${owner.slug}/app`;
  token = await fetchTenantToken(registry, owner, [name, `${owner.slug}/empty`, `${owner.slug}/side`]);
});

afterAll(async () => {
  expect(registry.loggedErrors).toEqual([]);
  await registry.close();
});

function api(pathname: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set("Authorization", `Bearer ${token}`);
  return fetch(`${registry.origin}${pathname}`, { ...init, headers });
}

function put(reference: string, body: Buffer | string, contentType = OCI_MANIFEST, repository = name): Promise<Response> {
  const payload = typeof body === "string" ? body : new Uint8Array(body);
  return api(`/v2/${repository}/manifests/${reference}`, { method: "PUT", body: payload, headers: { "Content-Type": contentType } });
}

async function errorOf(response: Response): Promise<{ code: string; message: string; detail?: unknown }> {
  return ((await response.json()) as { errors: { code: string; message: string; detail?: unknown }[] }).errors[0]!;
}

describe("image manifests", () => {
  it("stores an OCI manifest by tag and returns it byte for byte by tag and by digest", async () => {
    const image = await pushSmallImage(registry, token, name);
    const body = Buffer.from(JSON.stringify(image.manifest, null, 3));
    const digest = computeDigest(body);
    const response = await put("v1.0", body);
    expect(response.status).toBe(201);
    expect(response.headers.get("location")).toBe(`/v2/${name}/manifests/${digest}`);
    expect(response.headers.get("docker-content-digest")).toBe(digest);
    for (const reference of ["v1.0", digest]) {
      const get = await api(`/v2/${name}/manifests/${reference}`, { headers: { Accept: OCI_MANIFEST } });
      expect(get.status).toBe(200);
      expect(get.headers.get("content-type")).toBe(OCI_MANIFEST);
      expect(get.headers.get("docker-content-digest")).toBe(digest);
      expect(get.headers.get("content-length")).toBe(String(body.length));
      expect(Buffer.from(await get.arrayBuffer()).equals(body)).toBe(true);
      const head = await api(`/v2/${name}/manifests/${reference}`, { method: "HEAD" });
      expect(head.status).toBe(200);
      expect(head.headers.get("content-length")).toBe(String(body.length));
      expect((await head.arrayBuffer()).byteLength).toBe(0);
    }
  });

  it("stores Docker schema 2 manifests and records summary, total size and pusher", async () => {
    const config = Buffer.from(JSON.stringify({ os: "linux", architecture: "arm64", variant: "v8", created: "2024-05-06T07:08:09Z", config: { Entrypoint: ["/srv"], ExposedPorts: { "80/tcp": {} }, Labels: { a: "b" } } }));
    const layer = randomBytes(4096);
    const configDigest = await pushBlob(registry, token, name, config);
    const layerDigest = await pushBlob(registry, token, name, layer);
    const manifest = {
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: { mediaType: "application/vnd.docker.container.image.v1+json", digest: configDigest, size: config.length },
      layers: [{ mediaType: "application/vnd.docker.image.rootfs.diff.tar.gzip", digest: layerDigest, size: layer.length }],
    };
    const digest = await pushManifest(registry, token, name, "docker", manifest);
    const get = await api(`/v2/${name}/manifests/docker`, { headers: { Accept: `${DOCKER_MANIFEST}, ${OCI_MANIFEST}` } });
    expect(get.headers.get("content-type")).toBe(DOCKER_MANIFEST);
    const row = await testPrisma().manifest.findFirstOrThrow({ where: { digest, repository: { name } } });
    expect(row.totalSize).toBe(BigInt(config.length + layer.length));
    expect(row.pushedBy).toBe(owner.account.email);
    expect(row.summary).toMatchObject({ kind: "image", platform: { os: "linux", architecture: "arm64", variant: "v8" }, entrypoint: ["/srv"], exposedPorts: ["80/tcp"], labels: { a: "b" }, created: "2024-05-06T07:08:09Z" });
  });

  it("checks a digest reference against the body", async () => {
    const image = await pushSmallImage(registry, token, name);
    const body = JSON.stringify(image.manifest);
    expect((await put(computeDigest(body), body)).status).toBe(201);
    const wrong = await put(computeDigest("other"), body);
    expect(wrong.status).toBe(400);
    expect((await errorOf(wrong)).code).toBe("DIGEST_INVALID");
  });

  it("refuses manifests whose blobs this repository cannot serve, naming them", async () => {
    const image = await pushSmallImage(registry, token, `${owner.slug}/side`);
    const response = await put("orphan", JSON.stringify(image.manifest));
    expect(response.status).toBe(400);
    const error = await errorOf(response);
    expect(error.code).toBe("MANIFEST_BLOB_UNKNOWN");
    expect(error.detail).toMatchObject({ digests: [image.configDigest, image.layerDigest] });
    expect((await api(`/v2/${name}/manifests/orphan`)).status).toBe(404);
  });

  it("refuses invalid manifests, tags and contradicting Content-Types with MANIFEST_INVALID", async () => {
    const image = await pushSmallImage(registry, token, name);
    for (const [reference, body, type] of [
      ["bad", "blablabla", OCI_MANIFEST],
      ["bad", JSON.stringify({ schemaVersion: 2, mediaType: OCI_EMPTY, config: image.manifest.config, layers: [] }), OCI_MANIFEST],
      ["bad", JSON.stringify(image.manifest), OCI_INDEX],
      [".INVALID_TAG", JSON.stringify(image.manifest), OCI_MANIFEST],
    ]) {
      const response = await put(reference!, body!, type);
      expect(response.status, body).toBe(400);
      expect((await errorOf(response)).code).toBe("MANIFEST_INVALID");
    }
  });

  it("refuses a descriptor whose size disagrees with the stored blob, or whose media type is not type/subtype", async () => {
    const image = await pushSmallImage(registry, token, name);
    const layer = image.manifest.layers[0]!;
    const wrongSize = { ...image.manifest, layers: [{ ...layer, size: layer.size + 1 }] };
    const sized = await put("wrong-size", JSON.stringify(wrongSize));
    expect(sized.status).toBe(400);
    expect(await errorOf(sized)).toMatchObject({
      code: "MANIFEST_INVALID",
      message: expect.stringContaining(`gives its size as ${layer.size + 1} bytes, but the blob holds ${layer.size}`),
    });
    for (const mediaType of ["not a media type", "application/", "text/plain; charset=utf-8"]) {
      const typed = await put("wrong-type", JSON.stringify({ ...image.manifest, layers: [{ ...layer, mediaType }] }));
      expect(typed.status, mediaType).toBe(400);
      expect((await errorOf(typed)).message).toContain("is not a media type");
    }
    expect((await api(`/v2/${name}/manifests/wrong-size`)).status).toBe(404);
    expect((await put("right", JSON.stringify(image.manifest))).status).toBe(201);
  });

  it("refuses manifests over 4 MiB with 413 and accepts one just under", async () => {
    const image = await pushSmallImage(registry, token, name);
    const base = JSON.stringify({ ...image.manifest, annotations: { pad: "" } });
    const fill = (size: number) => base.replace('"pad":""', `"pad":"${"x".repeat(size - base.length)}"`);
    const huge = await put("huge", fill(MAX_MANIFEST_BYTES + 1));
    expect(huge.status).toBe(413);
    expect((await errorOf(huge)).code).toBe("MANIFEST_INVALID");
    expect((await put("large", fill(MAX_MANIFEST_BYTES))).status).toBe(201);
  });

  it("answers 404 for unknown tags, odd references and unknown repositories", async () => {
    for (const reference of ["nope", ".INVALID_MANIFEST_NAME", computeDigest("nothing")]) {
      const response = await api(`/v2/${name}/manifests/${reference}`);
      expect(response.status).toBe(404);
      expect((await errorOf(response)).code).toBe("MANIFEST_UNKNOWN");
    }
    expect((await api(`/v2/${name}/manifests/sha256:totallywrong`)).status).toBe(400);
    const unknownRepository = await api(`/v2/${owner.slug}/empty/manifests/latest`);
    expect(unknownRepository.status).toBe(404);
    expect((await errorOf(unknownRepository)).code).toBe("NAME_UNKNOWN");
  });

  it("names the response's request id in every error body, so a user can quote it", async () => {
    const unknown = await api(`/v2/${name}/manifests/nope`);
    const requestId = unknown.headers.get("x-request-id");
    expect(requestId).toMatch(/^[\w.:-]{6,}$/);
    expect((await errorOf(unknown)).detail).toEqual({ name, reference: "nope", requestId });
    const anonymous = await fetch(`${registry.origin}/v2/${name}/manifests/nope`);
    expect(anonymous.status).toBe(401);
    expect((await errorOf(anonymous)).detail).toEqual({ access: [{ type: "repository", name, action: "pull" }], requestId: anonymous.headers.get("x-request-id") });
  });
});

describe("indexes and manifest lists", () => {
  it("stores indexes whose children exist, summarising platforms and attestations", async () => {
    const amd = await pushSmallImage(registry, token, name, "amd64");
    const arm = await pushSmallImage(registry, token, name, "arm64");
    const amdDigest = await pushManifest(registry, token, name, computeDigest(JSON.stringify(amd.manifest)), amd.manifest);
    const armDigest = await pushManifest(registry, token, name, computeDigest(JSON.stringify(arm.manifest)), arm.manifest);
    const size = (manifest: unknown) => Buffer.byteLength(JSON.stringify(manifest));
    const index = {
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [
        { mediaType: OCI_MANIFEST, digest: amdDigest, size: size(amd.manifest), platform: { os: "linux", architecture: "amd64" } },
        { mediaType: OCI_MANIFEST, digest: armDigest, size: size(arm.manifest), platform: { os: "unknown", architecture: "unknown" }, annotations: { "vnd.docker.reference.type": "attestation-manifest" } },
      ],
    };
    const digest = await pushManifest(registry, token, name, "multi", index);
    const row = await testPrisma().manifest.findFirstOrThrow({ where: { digest, repository: { name } } });
    const total = (image: typeof amd) => image.config.length + image.layer.length;
    expect(row.totalSize).toBe(BigInt(total(amd) + total(arm)));
    expect(row.summary).toMatchObject({ kind: "index", manifests: [{ digest: amdDigest, isAttestation: false }, { digest: armDigest, isAttestation: true }] });
    const list = { ...index, mediaType: DOCKER_MANIFEST_LIST };
    await pushManifest(registry, token, name, "list", list);
    const get = await api(`/v2/${name}/manifests/list`);
    expect(get.headers.get("content-type")).toBe(DOCKER_MANIFEST_LIST);
  });

  it("refuses an index whose child manifest is missing", async () => {
    const index = { schemaVersion: 2, mediaType: OCI_INDEX, manifests: [{ mediaType: OCI_MANIFEST, digest: computeDigest("missing child"), size: 10 }] };
    const response = await put("broken-index", JSON.stringify(index), OCI_INDEX);
    expect(response.status).toBe(400);
    expect((await errorOf(response)).code).toBe("MANIFEST_BLOB_UNKNOWN");
  });

  it("negotiates on Accept: an index is not served to a client that only takes image manifests", async () => {
    const refused = await api(`/v2/${name}/manifests/multi`, { headers: { Accept: OCI_MANIFEST } });
    expect(refused.status).toBe(404);
    expect((await errorOf(refused)).code).toBe("MANIFEST_UNKNOWN");
    expect((await api(`/v2/${name}/manifests/multi`, { headers: { Accept: `${OCI_MANIFEST}, ${OCI_INDEX}` } })).status).toBe(200);
    expect((await api(`/v2/${name}/manifests/multi`, { headers: { Accept: "*/*" } })).status).toBe(200);
  });
});

describe("subjects and referrers", () => {
  it("accepts referrers before and after their subject, lists them with artifactType and annotations, and filters", async () => {
    const subject = await pushSmallImage(registry, token, name);
    const subjectBody = JSON.stringify(subject.manifest);
    const subjectDigest = computeDigest(subjectBody);
    const subjectDescriptor = { mediaType: OCI_MANIFEST, digest: subjectDigest, size: Buffer.byteLength(subjectBody) };
    const empty = await pushBlob(registry, token, name, Buffer.from("{}"));
    const emptyDescriptor = { mediaType: OCI_EMPTY, digest: empty, size: 2 };
    const sbomLayer = await pushBlob(registry, token, name, Buffer.from('{"sbom":true}'));
    const signature = { schemaVersion: 2, mediaType: OCI_MANIFEST, artifactType: "application/vnd.dev.cosign.simplesigning.v1+json", config: emptyDescriptor, layers: [emptyDescriptor], subject: subjectDescriptor, annotations: { kind: "signature" } };
    const sbom = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: { mediaType: "application/spdx+json", digest: sbomLayer, size: 13 }, layers: [], subject: subjectDescriptor };
    const signatureResponse = await put(computeDigest(JSON.stringify(signature)), JSON.stringify(signature));
    expect(signatureResponse.status).toBe(201);
    expect(signatureResponse.headers.get("oci-subject")).toBe(subjectDigest);
    await pushManifest(registry, token, name, subjectDigest, subject.manifest);
    await pushManifest(registry, token, name, computeDigest(JSON.stringify(sbom)), sbom);

    const all = await api(`/v2/${name}/referrers/${subjectDigest}`);
    expect(all.status).toBe(200);
    expect(all.headers.get("content-type")).toBe(OCI_INDEX);
    expect(all.headers.get("oci-filters-applied")).toBeNull();
    const index = (await all.json()) as { schemaVersion: number; mediaType: string; manifests: Record<string, unknown>[] };
    expect(index).toMatchObject({ schemaVersion: 2, mediaType: OCI_INDEX });
    expect(index.manifests).toEqual([
      { mediaType: OCI_MANIFEST, digest: computeDigest(JSON.stringify(signature)), size: Buffer.byteLength(JSON.stringify(signature)), artifactType: signature.artifactType, annotations: { kind: "signature" } },
      { mediaType: OCI_MANIFEST, digest: computeDigest(JSON.stringify(sbom)), size: Buffer.byteLength(JSON.stringify(sbom)), artifactType: "application/spdx+json" },
    ]);
    const filtered = await api(`/v2/${name}/referrers/${subjectDigest}?artifactType=${encodeURIComponent("application/spdx+json")}`);
    expect(filtered.headers.get("oci-filters-applied")).toBe("artifactType");
    expect(((await filtered.json()) as { manifests: unknown[] }).manifests).toHaveLength(1);
  });

  it("answers an empty index for an unknown subject and 400 for a malformed digest", async () => {
    const unknown = await api(`/v2/${name}/referrers/${computeDigest("nobody refers to me")}`);
    expect(unknown.status).toBe(200);
    expect(((await unknown.json()) as { manifests: unknown[] }).manifests).toEqual([]);
    const bad = await api(`/v2/${name}/referrers/sha256:abc`);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).code).toBe("DIGEST_INVALID");
  });
});

describe("tags", () => {
  const repository = () => `${owner.slug}/tags`;

  it("lists tags in byte order with n/last pagination and a Link header", async () => {
    const tagToken = await fetchTenantToken(registry, owner, [repository()]);
    const image = await pushSmallImage(registry, tagToken, repository());
    for (const tag of ["b", "B", "a", "_x", "1.0"]) await pushManifest(registry, tagToken, repository(), tag, image.manifest);
    const list = async (query: string) => {
      const response = await fetch(`${registry.origin}/v2/${repository()}/tags/list${query}`, { headers: { Authorization: `Bearer ${tagToken}` } });
      expect(response.status).toBe(200);
      return { body: (await response.json()) as { name: string; tags: string[] }, link: response.headers.get("link") };
    };
    expect((await list("")).body).toEqual({ name: repository(), tags: ["1.0", "B", "_x", "a", "b"] });
    const first = await list("?n=2");
    expect(first.body.tags).toEqual(["1.0", "B"]);
    expect(first.link).toBe(`</v2/${repository()}/tags/list?n=2&last=B>; rel="next"`);
    const second = await list("?n=2&last=B");
    expect(second.body.tags).toEqual(["_x", "a"]);
    const last = await list("?n=2&last=a");
    expect(last.body.tags).toEqual(["b"]);
    expect(last.link).toBeNull();
    const none = await list("?n=0");
    expect(none.body.tags).toEqual([]);
    expect(none.link).toBeNull();
  });

  it("answers NAME_UNKNOWN for a repository never pushed to", async () => {
    const response = await api(`/v2/${owner.slug}/empty/tags/list`);
    expect(response.status).toBe(404);
    expect((await errorOf(response)).code).toBe("NAME_UNKNOWN");
  });

  it("deletes a tag alone, or a manifest with all its tags", async () => {
    const image = await pushSmallImage(registry, token, name);
    const digest = await pushManifest(registry, token, name, "keep", image.manifest);
    await pushManifest(registry, token, name, "drop", image.manifest);
    expect((await api(`/v2/${name}/manifests/drop`, { method: "DELETE" })).status).toBe(202);
    expect((await api(`/v2/${name}/manifests/drop`)).status).toBe(404);
    expect((await api(`/v2/${name}/manifests/${digest}`)).status).toBe(200);
    expect((await api(`/v2/${name}/manifests/${digest}`, { method: "DELETE" })).status).toBe(202);
    expect((await api(`/v2/${name}/manifests/keep`)).status).toBe(404);
    expect((await api(`/v2/${name}/manifests/${digest}`)).status).toBe(404);
    const again = await api(`/v2/${name}/manifests/${digest}`, { method: "DELETE" });
    expect(again.status).toBe(404);
    expect((await errorOf(again)).code).toBe("MANIFEST_UNKNOWN");
  });

  it("moves a tag to the newest manifest pushed under it, recording a token pusher", async () => {
    const first = await pushSmallImage(registry, token, name);
    const second = await pushSmallImage(registry, token, name);
    await pushManifest(registry, token, name, "moving", first.manifest);
    const tokenToken = await fetchToken(registry, owner.account.email, owner.account.token, [`repository:${name}:pull,push`]);
    const secondDigest = await pushManifest(registry, tokenToken, name, "moving", second.manifest);
    expect((await api(`/v2/${name}/manifests/moving`, { method: "HEAD" })).headers.get("docker-content-digest")).toBe(secondDigest);
    const tag = await testPrisma().tag.findFirstOrThrow({ where: { name: "moving", repository: { name } } });
    expect(tag.pushedBy).toBe("token:test token");
  });
});
