import { beforeAll, describe, expect, it } from "vitest";
import { testPrisma } from "@/lib/test/database";
import cosignSignature from "./describe/fixtures/cosign-signature-manifest.json";
import { createAccountWithApp, type AccountWithApp } from "./test-support/account-with-app";
import { buildImageManifest, buildIndexManifest, ensureSeedRepository, seedManifest, sha256, type BuiltManifest } from "./test-support/seed-images";
import { getManifestDetail } from "./get-manifest-detail";

let owner: AccountWithApp;
let image: BuiltManifest;
let amd64: BuiltManifest;
let arm64: BuiltManifest;
let attestation: BuiltManifest;
let index: BuiltManifest;
let sbom: BuiltManifest;
let signatureDigest: string;

beforeAll(async () => {
  const db = testPrisma();
  owner = await createAccountWithApp("detail");
  const repositoryId = await ensureSeedRepository(db, owner.app.id, `${owner.app.slug}/team/api`);
  image = buildImageManifest({ seed: "detail-v1", layerSizes: [2048, 4096], labels: { "org.opencontainers.image.source": "https://example.test/api" } });
  await seedManifest(db, repositoryId, image, { tag: "v1", pushedBy: "token:release" });
  await seedManifest(db, repositoryId, image, { tag: "stable" });
  // A cosign signature (tag scheme) and an OCI 1.1 SBOM attached through `subject`.
  const signature = Buffer.from(JSON.stringify({ ...cosignSignature, subject: { mediaType: image.mediaType, digest: image.digest, size: image.content.length } }));
  signatureDigest = sha256(signature);
  await db.manifest.create({
    data: { repositoryId, digest: signatureDigest, mediaType: image.mediaType, subjectDigest: image.digest, size: signature.length, content: new Uint8Array(signature), summary: { kind: "image", layerCount: 1, platform: { os: "", architecture: "" } } },
  });
  sbom = buildImageManifest({ seed: "sbom", artifactType: "application/spdx+json", layerMediaType: "application/spdx+json", subject: { mediaType: image.mediaType, digest: image.digest, size: image.content.length } });
  await seedManifest(db, repositoryId, sbom);

  amd64 = buildImageManifest({ seed: "idx-amd64" });
  arm64 = buildImageManifest({ seed: "idx-arm64", platform: { os: "linux", architecture: "arm64" } });
  attestation = buildImageManifest({ seed: "idx-att", layerMediaType: "application/vnd.in-toto+json" });
  index = buildIndexManifest([amd64, arm64], { attestations: [attestation] });
  for (const child of [amd64, arm64]) await seedManifest(db, repositoryId, child);
  await seedManifest(db, repositoryId, index, { tag: "multi" });
});

describe("getManifestDetail", () => {
  it("describes an image by tag: layers, config summary, tags, pusher and pull references", async () => {
    const detail = await getManifestDetail(owner.principal, owner.app.slug, "team/api", "v1", "registry.test:5000");
    expect(detail).toMatchObject({
      repository: `${owner.app.slug}/team/api`,
      digest: image.digest,
      kind: "image",
      size: 1200 + 2048 + 4096,
      manifestSize: image.content.length,
      pushedBy: "token:release",
      subject: null,
      children: [],
      pull: { byDigest: `registry.test:5000/${owner.app.slug}/team/api@${image.digest}`, byTag: `registry.test:5000/${owner.app.slug}/team/api:v1` },
    });
    expect(detail.tags.sort()).toEqual(["stable", "v1"]);
    expect(detail.layers.map((layer) => [layer.size, layer.description])).toEqual([
      [2048, "Layer (gzip)"],
      [4096, "Layer (gzip)"],
    ]);
    expect(detail.config).toMatchObject({ size: 1200, mediaType: "application/vnd.oci.image.config.v1+json" });
    expect(detail.configSummary).toMatchObject({
      created: "2025-03-04T10:12:31Z",
      os: "linux",
      architecture: "amd64",
      entrypoint: ["/app/server"],
      cmd: ["--port", "8080"],
      exposedPorts: ["8080/tcp"],
      labels: { "org.opencontainers.image.source": "https://example.test/api" },
    });
  });

  it("lists referrers attached through subject, in words", async () => {
    const detail = await getManifestDetail(owner.principal, owner.app.slug, "team/api", image.digest);
    expect(detail.pull.byTag).toBeNull();
    expect(detail.referrers.map((referrer) => [referrer.digest, referrer.kind, referrer.label])).toEqual([
      [signatureDigest, "signature", "Signature (cosign)"],
      [sbom.digest, "sbom", "SBOM (SPDX)"],
    ]);
    const sbomDetail = await getManifestDetail(owner.principal, owner.app.slug, "team/api", sbom.digest);
    expect(sbomDetail.subject).toBe(image.digest);
  });

  it("lists an index's children with platforms, attestations attributed, missing children marked", async () => {
    const detail = await getManifestDetail(owner.principal, owner.app.slug, "team/api", "multi");
    expect(detail.kind).toBe("index");
    expect(detail.configSummary).toBeNull();
    expect(detail.children).toEqual([
      { digest: amd64.digest, size: amd64.content.length, mediaType: amd64.mediaType, platform: "linux/amd64", attestationFor: null, isStored: true, contentSize: amd64.totalSize },
      { digest: arm64.digest, size: arm64.content.length, mediaType: arm64.mediaType, platform: "linux/arm64", attestationFor: null, isStored: true, contentSize: arm64.totalSize },
      { digest: attestation.digest, size: attestation.content.length, mediaType: attestation.mediaType, platform: "linux/amd64", attestationFor: amd64.digest, isStored: false, contentSize: null },
    ]);
    expect(detail.platforms).toEqual([
      { name: "linux/amd64", isAttested: true },
      { name: "linux/arm64", isAttested: false },
    ]);
  });

  it("is not_found for an unknown tag or digest, and for another team", async () => {
    await expect(getManifestDetail(owner.principal, owner.app.slug, "team/api", "nope")).rejects.toMatchObject({ code: "not_found" });
    await expect(getManifestDetail(owner.principal, owner.app.slug, "team/api", "sha256:" + "0".repeat(64))).rejects.toMatchObject({ code: "not_found" });
    const stranger = await createAccountWithApp("detail-stranger");
    await expect(getManifestDetail(stranger.principal, owner.app.slug, "team/api", "v1")).rejects.toMatchObject({ code: "not_found" });
  });
});
