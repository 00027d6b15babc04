import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@/lib/apps/apps";
import { computeDigest } from "@/lib/registry/digests";
import { OCI_IMAGE_CONFIG, OCI_INDEX, OCI_MANIFEST } from "@/lib/registry/manifests/media-types";
import { prepareManifest } from "@/lib/registry/manifests/prepare-manifest";
import { ensureRepository } from "@/lib/registry/metadata/repositories";
import { writeBlob } from "@/lib/registry/services/blob-writer";
import { deleteManifestReference, pushManifest, readManifestOrThrow, storeManifest, type ManifestServiceDeps } from "@/lib/registry/services/manifest-service";
import { MemoryStorageDriver } from "@/lib/registry/storage/memory-driver";
import { testPrisma, uniqueSuffix } from "@/lib/test/database";
import { createTestAccount } from "@/lib/test/fixtures";

let deps: ManifestServiceDeps;
let slug: string;

beforeAll(async () => {
  deps = { prisma: testPrisma(), storage: new MemoryStorageDriver() };
  const account = await createTestAccount("manifest-service");
  slug = (await createApp(account.principal, { name: `Manifest service ${uniqueSuffix()}`, slug: undefined })).slug;
});


/** Writes an image's config and layer into `repositoryName` and returns its manifest body. */
async function seedImage(repositoryName: string): Promise<Buffer> {
  const repository = await ensureRepository(deps.prisma, repositoryName);
  const config = Buffer.from(JSON.stringify({ os: "linux", architecture: "arm64", config: { Cmd: ["serve"] } }));
  const layer = Buffer.from(`layer ${uniqueSuffix()}`);
  for (const content of [config, layer]) await writeBlob(deps, { repositoryId: repository.id, digest: computeDigest(content), source: Readable.from([content]) });
  return Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: OCI_IMAGE_CONFIG, digest: computeDigest(config), size: config.length },
      layers: [{ mediaType: "application/vnd.oci.image.layer.v1.tar", digest: computeDigest(layer), size: layer.length }],
    }),
  );
}

describe("manifest service", () => {
  it("pushes, reads by tag and digest, summarises from the config and deletes", async () => {
    const repositoryName = `${slug}/api`;
    const body = await seedImage(repositoryName);
    const pushed = await pushManifest(deps, { repositoryName, reference: "1.0", body, contentType: OCI_MANIFEST, pushedBy: "ci" });
    expect(pushed).toEqual({ digest: computeDigest(body), subjectDigest: null });
    for (const reference of ["1.0", pushed.digest]) {
      expect(await readManifestOrThrow(deps, repositoryName, reference)).toMatchObject({ digest: pushed.digest, mediaType: OCI_MANIFEST, content: body });
    }
    const row = await deps.prisma.manifest.findFirstOrThrow({ where: { digest: pushed.digest, repository: { name: repositoryName } } });
    expect(row.summary).toMatchObject({ kind: "image", platform: { os: "linux", architecture: "arm64" }, cmd: ["serve"] });
    expect(row.pushedBy).toBe("ci");
    await deleteManifestReference(deps, repositoryName, "1.0");
    await expect(readManifestOrThrow(deps, repositoryName, "1.0")).rejects.toMatchObject({ code: "MANIFEST_UNKNOWN" });
    await deleteManifestReference(deps, repositoryName, pushed.digest);
    await expect(readManifestOrThrow(deps, repositoryName, pushed.digest)).rejects.toMatchObject({ code: "MANIFEST_UNKNOWN" });
    await expect(deleteManifestReference(deps, repositoryName, pushed.digest)).rejects.toMatchObject({ code: "MANIFEST_UNKNOWN" });
  });

  it("stores an index over stored children with their total, and refuses one whose children are missing, storing nothing", async () => {
    const repositoryName = `${slug}/multi`;
    const body = await seedImage(repositoryName);
    const child = await pushManifest(deps, { repositoryName, reference: computeDigest(body), body, contentType: undefined, pushedBy: "ci" });
    const absent = computeDigest(`absent ${uniqueSuffix()}`);
    const index = (digests: string[]) =>
      Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: digests.map((digest) => ({ mediaType: OCI_MANIFEST, digest, size: 1 })) }));
    const repository = await ensureRepository(deps.prisma, repositoryName);
    const refused = prepareManifest(index([child.digest, absent]), OCI_INDEX, "broken");
    await expect(storeManifest(deps, repositoryName, refused, "ci")).rejects.toMatchObject({ code: "MANIFEST_BLOB_UNKNOWN", detail: { digests: [absent] } });
    await expect(readManifestOrThrow(deps, repositoryName, "broken")).rejects.toMatchObject({ code: "MANIFEST_UNKNOWN" });
    await storeManifest(deps, repositoryName, prepareManifest(index([child.digest]), OCI_INDEX, "multi"), "proxy");
    const totalOf = async (tag: string) => (await deps.prisma.manifest.findUniqueOrThrow({ where: { id: (await readManifestOrThrow(deps, repositoryName, tag)).id } })).totalSize;
    const childRow = await deps.prisma.manifest.findFirstOrThrow({ where: { digest: child.digest, repositoryId: repository.id } });
    expect(childRow.totalSize).toBeGreaterThan(0n);
    expect(await totalOf("multi")).toBe(childRow.totalSize);
    // Each listing counts, as the index's consumers download what each lists.
    await storeManifest(deps, repositoryName, prepareManifest(index([child.digest, child.digest]), OCI_INDEX, "twice"), "ci");
    expect(await totalOf("twice")).toBe(2n * childRow.totalSize);
  });

  it("answers NAME_UNKNOWN for a repository never pushed to and refuses a blob another repository holds", async () => {
    await expect(readManifestOrThrow(deps, `${slug}/nothing`, "latest")).rejects.toMatchObject({ code: "NAME_UNKNOWN" });
    const body = await seedImage(`${slug}/holder`);
    await expect(pushManifest(deps, { repositoryName: `${slug}/other`, reference: "x", body, contentType: undefined, pushedBy: "ci" })).rejects.toMatchObject({
      code: "MANIFEST_BLOB_UNKNOWN",
    });
  });

  it("creates the repository for a first push that references nothing (an empty index)", async () => {
    const repositoryName = `${slug}/empty-${uniqueSuffix()}`;
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] }));
    const pushed = await pushManifest(deps, { repositoryName, reference: "none", body, contentType: OCI_INDEX, pushedBy: "ci" });
    expect((await readManifestOrThrow(deps, repositoryName, "none")).digest).toBe(pushed.digest);
    const row = await deps.prisma.manifest.findFirstOrThrow({ where: { digest: pushed.digest, repository: { name: repositoryName } } });
    expect(row.totalSize).toBe(0n);
  });
});
