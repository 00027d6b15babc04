/**
 * Test support for airgap bundles: the registry with a pull-through proxy on loopback
 * (lib/registry/proxy/test-support), a private upstream (Debian's docker-registry with
 * htpasswd), a public mirror (docker-registry without auth, given as the mirror), and a
 * release of three images:
 *
 *   web    this application's own two-platform index (pushed with skopeo --all)
 *   tool   acme/tool:2.0 on the private upstream, sharing its layer with redis
 *   redis  the public `redis:7`, served by the mirror as library/redis:7
 *
 * promoted to Stable, and the airgap-build job running in this process with the
 * testbed's proxy, blob store and mirror.
 */
import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { registerUpstream, startProxyTestbed, type ProxyTestbed } from "@/lib/registry/proxy/test-support/proxy-testbed";
import { makeTempDir, removeDir, startDockerRegistry, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { startJobs, stopJobs } from "@/lib/jobs";
import { computeDigest } from "@/lib/registry/digests";
import { writeImageLayout, writeIndexLayout, type LayoutDescriptor } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { createRelease } from "@/lib/release-store/create-release";
import { promoteRelease } from "@/lib/customers/promotions";
import { container, deployment } from "@/lib/releases/test-fixtures";
import { testDatabaseUrl, testPrisma } from "@/lib/test/database";
import { createAirgapBuildJob } from "../build-job";
import type { AirgapBuildDeps } from "../build-bundle";

export const UPSTREAM_USER = "airgap-bot";
export const UPSTREAM_PASSWORD = "Airgap-Upstream-Password-3c9e";
const KIB = 1024;

export interface AirgapTestbed {
  testbed: ProxyTestbed;
  upstream: RunningRegistry;
  mirror: RunningRegistry;
  skopeo: SkopeoEnvironment;
  work: string;
  deps: AirgapBuildDeps;
  /** Digests of the images as pushed: web's index, tool's and redis's manifests. */
  digests: { web: string; tool: string; redis: string };
  /** The layer tool and redis share, and redis's config (which only the mirror serves). */
  sharedLayer: string;
  redisConfig: string;
  /** References as the release's images: section resolves them. */
  references: { web: string; tool: string; redis: string };
  /** The release YAML (images: plus a Deployment running all three). */
  yaml: string;
  vendorCredentials: string;
  close: () => Promise<void>;
}

/**
 * Adds to an OCI layout an image with the same layers as `fromDigest` but its own config,
 * tagged `tag` beside the layout's existing tag; returns the new manifest's descriptor.
 */
async function writeSiblingImage(dir: string, fromDigest: string, tag: string): Promise<LayoutDescriptor> {
  const blob = (digest: string) => path.join(dir, "blobs", "sha256", digest.slice(7));
  const manifest = JSON.parse(await readFile(blob(fromDigest), "utf8"));
  const config = JSON.parse(await readFile(blob(manifest.config.digest), "utf8"));
  config.config.Labels = { nonce: randomBytes(8).toString("hex") };
  const configBytes = Buffer.from(JSON.stringify(config));
  const configDigest = computeDigest(configBytes);
  await writeFile(blob(configDigest), configBytes);
  const manifestBytes = Buffer.from(JSON.stringify({ ...manifest, config: { ...manifest.config, digest: configDigest, size: configBytes.length } }));
  const digest = computeDigest(manifestBytes);
  await writeFile(blob(digest), manifestBytes);
  const descriptor = { mediaType: manifest.mediaType as string, digest, size: manifestBytes.length };
  const index = JSON.parse(await readFile(path.join(dir, "index.json"), "utf8"));
  index.manifests.push({ ...descriptor, annotations: { "org.opencontainers.image.ref.name": tag } });
  await writeFile(path.join(dir, "index.json"), JSON.stringify(index));
  return descriptor;
}

/** The release YAML for the testbed's three images. */
export function renderAirgapRelease(registryHost: string, slug: string, upstream: string): string {
  const images = [
    "images:",
    "  - {source: replicated, name: web, tag: \"1.0\"}",
    "  - {source: private, name: acme/tool, tag: \"2.0\"}",
    "  - {source: public, name: redis, tag: \"7\"}",
  ].join("\n");
  const containers = [container("web", `${registryHost}/${slug}/web:1.0`), container("tool", `${upstream}/acme/tool:2.0`), container("cache", "redis:7")].join("");
  return `${images}\n---\n${deployment("app", containers)}`;
}

/** Creates a release of the testbed's images and promotes it to `channel`; returns its sequence. */
export async function createAirgapRelease(bed: AirgapTestbed, channel = "Stable"): Promise<number> {
  const { principal, app } = bed.testbed.vendor;
  const { release } = await createRelease(principal, app.slug, { yaml: bed.yaml, notes: "" });
  await promoteRelease(principal, app.slug, release.sequence, { channel, version: `v${release.sequence}-${randomBytes(3).toString("hex")}`, notes: "" });
  return release.sequence;
}

/** Starts everything above; `close` stops it all and removes the temporary folders. */
export async function startAirgapTestbed(label: string): Promise<AirgapTestbed> {
  const work = await makeTempDir("slipway-airgap-");
  const skopeo = await prepareSkopeo(work);
  const upstream = await startDockerRegistry({ dir: work, storageDir: path.join(work, "upstream"), auth: { kind: "htpasswd", username: UPSTREAM_USER, password: UPSTREAM_PASSWORD } });
  const mirror = await startDockerRegistry({ dir: work, storageDir: path.join(work, "mirror"), auth: { kind: "none" } });
  const testbed = await startProxyTestbed(label);
  // The download routes use the process's shared driver: make it this testbed's store.
  process.env.REGISTRY_STORAGE_DIR = testbed.registry.storageDir;
  (globalThis as { slipwayStorageDriver?: unknown }).slipwayStorageDriver = undefined;
  const { app, email, token } = testbed.vendor;
  const vendorCredentials = `${email}:${token}`;
  const upstreamCredentials = `${UPSTREAM_USER}:${UPSTREAM_PASSWORD}`;

  const webDir = path.join(work, "web");
  const web = await writeIndexLayout(webDir, "1.0", [
    { os: "linux", architecture: "amd64", layerSizes: [512 * KIB, 64 * KIB] },
    { os: "linux", architecture: "arm64", layerSizes: [256 * KIB] },
  ]);
  await skopeoCopy(skopeo, `oci:${webDir}:1.0`, `docker://${testbed.registry.host}/${app.slug}/web:1.0`, vendorCredentials, ["--all"]);
  const sharedDir = path.join(work, "shared");
  const redis = await writeImageLayout(sharedDir, "redis", { os: "linux", architecture: "amd64", layerSizes: [384 * KIB] });
  const tool = await writeSiblingImage(sharedDir, redis.digest, "tool");
  await skopeoCopy(skopeo, `oci:${sharedDir}:redis`, `docker://${mirror.endpoint}/library/redis:7`, "anonymous:anonymous");
  await skopeoCopy(skopeo, `oci:${sharedDir}:tool`, `docker://${upstream.endpoint}/acme/tool:2.0`, upstreamCredentials);
  const redisManifest = JSON.parse(await readFile(path.join(sharedDir, "blobs", "sha256", redis.digest.slice(7)), "utf8"));

  await registerUpstream(testbed, "private", upstream.endpoint, UPSTREAM_USER, UPSTREAM_PASSWORD);
  const deps: AirgapBuildDeps = {
    prisma: testPrisma(),
    storage: new FilesystemStorageDriver(testbed.registry.storageDir),
    proxy: testbed.proxy,
    publicMirror: mirror.endpoint,
    registryHost: testbed.registry.host,
  };
  await startJobs({ connectionString: testDatabaseUrl(), jobs: [createAirgapBuildJob(deps)], pollingIntervalSeconds: 0.5 });
  return {
    testbed,
    upstream,
    mirror,
    skopeo,
    work,
    deps,
    digests: { web: web.digest, tool: tool.digest, redis: redis.digest },
    sharedLayer: redisManifest.layers[0].digest,
    redisConfig: redisManifest.config.digest,
    references: {
      web: `${testbed.registry.host}/${app.slug}/web:1.0`,
      tool: `${upstream.endpoint}/acme/tool:2.0`,
      redis: "index.docker.io/library/redis:7",
    },
    yaml: renderAirgapRelease(testbed.registry.host, app.slug, upstream.endpoint),
    vendorCredentials,
    close: async () => {
      await stopJobs();
      await testbed.close();
      await Promise.all([upstream.stop(), mirror.stop()]);
      await removeDir(work);
    },
  };
}
