/**
 * Airgap bundle benchmark (not a test): the whole portal, started as `npm start` starts it
 * (production build, embedded PostgreSQL unless DATABASE_URL is set, the malloc settings and
 * Node flags of package.json's start script), builds the bundle of a release
 * of five images totalling about 1 GiB of incompressible layers:
 *
 *   web     this application's own two-platform index (256 MiB)
 *   worker  this application's own image (192 MiB)
 *   api     an external private image on Debian's docker-registry with htpasswd (192 MiB)
 *   jobs    another external private image there (192 MiB)
 *   db      a public image (`postgres:16`) from a loopback PUBLIC_REGISTRY_MIRROR (192 MiB)
 *
 * Cold: the first build, with the external images not yet in the proxy's cache (fetched
 * upstream into the blob store, then written into the bundle). Warm: builds of identical
 * releases afterwards (external images from the cache; the public image always streams
 * from the mirror, it is never cached). Reports MiB/s of bundle written (bundle size over
 * the time from the build request to "ready") and the portal process's peak resident
 * memory while each build ran (sampled every 100 ms). Issue 11's targets: warm builds at
 * 200 MiB/s or more, peak RSS under 300 MiB.
 *
 *   npm run bench:airgap -- [--warm-runs N] [--scale N]
 *
 * `--scale N` (1 to 8) multiplies every layer's size: `--scale 4` builds bundles of 4 GiB,
 * to show that memory does not grow with the bundle.
 *
 * Everything goes through the portal's HTTP API and registry with a token, as a vendor's
 * script would. Loopback only; it stops everything it starts and removes its folders.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findFreePort, startDockerRegistry, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { writeImageLayout, writeIndexLayout, type PlatformSpec } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { readWholeNumberOption, reportBenchFailure } from "./lib/bench-options";
import { readStartSettings, withStartEnvironment } from "./lib/start-settings";
import { median } from "./lib/median";

const MIB = 1024 * 1024;
const TARGET_MIBPS = 200;
const TARGET_RSS_MIB = 300;
const UPSTREAM_USER = "bench-upstream";

interface Portal {
  child: ChildProcess;
  origin: string;
  host: string;
  log: string[];
}

/** Starts the portal as `npm start` does, on a free port with its own data folder; resolves once pages answer. */
async function startPortal(dataDir: string, mirror: string): Promise<Portal> {
  const port = await findFreePort();
  const start = readStartSettings();
  const env: NodeJS.ProcessEnv = {
    ...withStartEnvironment(process.env, start),
    PORT: String(port),
    DATA_DIR: dataDir,
    PUBLIC_REGISTRY_MIRROR: mirror,
    EXTERNAL_REGISTRY_ALLOW: "127.0.0.1",
    REGISTRY_HOST: `127.0.0.1:${port}`,
    NEXTAUTH_URL: `http://127.0.0.1:${port}`,
  };
  for (const name of ["REGISTRY_STORAGE_DIR", "NEXTAUTH_SECRET", "SECRETS_KEY"]) delete env[name];
  const child = spawn(process.execPath, [...start.nodeFlags, "--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const log: string[] = [];
  const keep = (chunk: Buffer) => log.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const origin = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10 * 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the portal exited with ${child.exitCode}:\n${log.slice(-30).join("\n")}`);
    const ok = await fetch(`${origin}/sign-in`).then((res) => res.ok, () => false);
    if (ok) return { child, origin, host: `127.0.0.1:${port}`, log };
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  child.kill("SIGKILL");
  throw new Error(`the portal did not start:\n${log.slice(-30).join("\n")}`);
}

async function stopPortal(portal: Portal): Promise<void> {
  if (portal.child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => portal.child.once("exit", () => resolve()));
  portal.child.kill("SIGTERM");
  const timer = setTimeout(() => portal.child.kill("SIGKILL"), 30_000);
  await exited;
  clearTimeout(timer);
}

/** Resident memory of a process in MiB (from /proc). */
function readRssMiB(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : 0;
}

async function api<T>(portal: Portal, token: string | null, method: string, pathname: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${portal.origin}/api/v1${pathname}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${pathname} answered ${res.status}: ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** A vendor account (sign-up, token), an application and the external registry, over the API. */
async function createVendor(portal: Portal, upstream: RunningRegistry, upstreamPassword: string): Promise<{ token: string; email: string; slug: string }> {
  const email = `bench-airgap-${randomBytes(4).toString("hex")}@example.test`;
  const password = `bench-airgap-${randomBytes(8).toString("hex")}`;
  await api(portal, null, "POST", "/users", { email, password, name: "Bench", team: "Bench airgap" });
  const basic = `Basic ${Buffer.from(`${email}:${password}`).toString("base64")}`;
  const { token } = await api<{ token: string }>(portal, null, "POST", "/tokens", { name: "bench" }, { authorization: basic });
  const { app } = await api<{ app: { slug: string } }>(portal, token, "POST", "/apps", { name: "Bench Airgap" });
  await api(portal, token, "POST", "/registries", { name: "upstream", endpoint: upstream.endpoint, username: UPSTREAM_USER, password: upstreamPassword });
  return { token, email, slug: app.slug };
}

/** Generates an image (incompressible layers) into an OCI layout and pushes it with skopeo; not timed. */
async function pushImage(skopeo: SkopeoEnvironment, work: string, destination: string, credentials: string, platforms: PlatformSpec[]): Promise<void> {
  const dir = path.join(work, `layout-${randomBytes(4).toString("hex")}`);
  if (platforms.length === 1) await writeImageLayout(dir, "1.0", platforms[0]!);
  else await writeIndexLayout(dir, "1.0", platforms);
  await skopeoCopy(skopeo, `oci:${dir}:1.0`, `docker://${destination}`, credentials, platforms.length > 1 ? ["--all"] : []);
  await rm(dir, { recursive: true, force: true });
}

function renderRelease(host: string, slug: string, upstream: string): string {
  const images = [
    "images:",
    '  - {source: replicated, name: web, tag: "1.0"}',
    '  - {source: replicated, name: worker, tag: "1.0"}',
    '  - {source: upstream, name: bench/api, tag: "1.0"}',
    '  - {source: upstream, name: bench/jobs, tag: "1.0"}',
    '  - {source: public, name: postgres, tag: "16"}',
  ].join("\n");
  const containers = [`${host}/${slug}/web:1.0`, `${host}/${slug}/worker:1.0`, `${upstream}/bench/api:1.0`, `${upstream}/bench/jobs:1.0`, "postgres:16"]
    .map((image, index) => `        - {name: c${index}, image: "${image}", imagePullPolicy: IfNotPresent}`)
    .join("\n");
  const deployment = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bench}\nspec:\n  selector: {matchLabels: {app: bench}}\n  template:\n    metadata: {labels: {app: bench}}\n    spec:\n      imagePullSecrets: [{name: replicatedregistrykey}]\n      containers:\n${containers}\n`;
  return `${images}\n---\n${deployment}`;
}

interface Build {
  seconds: number;
  size: number;
  peakRssMiB: number;
  /** RSS before the release was created. */
  beforeReleaseRssMiB: number;
  /** RSS right after the release was created (its preview ran in a worker thread), before the build was requested. */
  releaseRssMiB: number;
  /** Peak RSS once the build request had returned. */
  buildPeakRssMiB: number;
  /** The build's own log (timestamped lines): where the time went. */
  log: string[];
}

/** Creates a release of the images, builds its bundle and waits for it, sampling the portal's RSS. */
async function timedBuild(portal: Portal, token: string, slug: string, yaml: string): Promise<Build> {
  const beforeReleaseRssMiB = readRssMiB(portal.child.pid!);
  const { release } = await api<{ release: { sequence: number } }>(portal, token, "POST", `/apps/${slug}/releases`, { yaml, notes: `bench ${Date.now()}` });
  const releaseRssMiB = readRssMiB(portal.child.pid!);
  let peak = releaseRssMiB;
  // Samples after the build request returned: the build's own peak, the release's preview
  // worker ended (a build ends idle preview workers as it starts).
  let buildPeak = 0;
  let isBuildRequested = false;
  const sampler = setInterval(() => {
    const rss = readRssMiB(portal.child.pid!);
    peak = Math.max(peak, rss);
    if (isBuildRequested) buildPeak = Math.max(buildPeak, rss);
  }, 100);
  const started = process.hrtime.bigint();
  try {
    await api(portal, token, "POST", `/apps/${slug}/releases/${release.sequence}/airgap`);
    isBuildRequested = true;
    for (;;) {
      const { bundle } = await api<{ bundle: { status: string; size?: number; error?: string; log: string[] } }>(portal, token, "GET", `/apps/${slug}/releases/${release.sequence}/airgap`);
      if (bundle.status === "ready") return { seconds: Number(process.hrtime.bigint() - started) / 1e9, size: bundle.size!, peakRssMiB: peak, beforeReleaseRssMiB, releaseRssMiB, buildPeakRssMiB: buildPeak, log: bundle.log };
      if (bundle.status === "failed") throw new Error(`the build failed: ${bundle.error}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    clearInterval(sampler);
  }
}

function report(cold: Build, warm: Build[], rss: { started: number; beforeBuilds: number }): void {
  const mibps = (build: Build) => build.size / MIB / build.seconds;
  const warmMibps = median(warm.map(mibps));
  const peak = Math.max(cold.peakRssMiB, ...warm.map((build) => build.peakRssMiB));
  console.log(`\nmachine: ${os.cpus()[0]?.model ?? "unknown"}, ${os.cpus().length} cores, node ${process.version}`);
  console.log(`bundle: ${(cold.size / MIB).toFixed(1)} MiB (5 images); portal RSS once started ${rss.started.toFixed(0)} MiB, after the pushes (before the builds) ${rss.beforeBuilds.toFixed(0)} MiB\n`);
  console.log(`${"build".padEnd(8)}${"MiB/s".padStart(8)}${"seconds".padStart(9)}${"RSS before release".padStart(20)}${"after".padStart(7)}${"build's peak MiB".padStart(18)}${"peak RSS MiB".padStart(14)}`);
  for (const [name, build] of [["cold", cold] as const, ...warm.map((build, index) => [`warm ${index + 1}`, build] as const)]) {
    console.log(`${name.padEnd(8)}${mibps(build).toFixed(1).padStart(8)}${build.seconds.toFixed(2).padStart(9)}${build.beforeReleaseRssMiB.toFixed(0).padStart(20)}${build.releaseRssMiB.toFixed(0).padStart(7)}${build.buildPeakRssMiB.toFixed(0).padStart(18)}${build.peakRssMiB.toFixed(0).padStart(14)}`);
  }
  console.log(`\nwarm median ${warmMibps.toFixed(1)} MiB/s (target ${TARGET_MIBPS}: ${warmMibps >= TARGET_MIBPS ? "met" : "MISSED"}); peak RSS ${peak.toFixed(0)} MiB (target under ${TARGET_RSS_MIB}: ${peak < TARGET_RSS_MIB ? "met" : "MISSED"}), ${(peak - rss.beforeBuilds).toFixed(0)} MiB above the RSS before the builds`);
}

async function main(): Promise<void> {
  const warmRuns = readWholeNumberOption(process.argv, "--warm-runs", 3, 10);
  const scale = readWholeNumberOption(process.argv, "--scale", 1, 8);
  const work = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-airgap-"));
  // The embedded PostgreSQL runs as its own user, which must reach its folder inside.
  await chmod(work, 0o755);
  const upstreamPassword = `bench-${randomBytes(12).toString("hex")}`;
  let upstream: RunningRegistry | null = null;
  let mirror: RunningRegistry | null = null;
  let portal: Portal | null = null;
  try {
    upstream = await startDockerRegistry({ dir: work, storageDir: path.join(work, "upstream"), auth: { kind: "htpasswd", username: UPSTREAM_USER, password: upstreamPassword } });
    mirror = await startDockerRegistry({ dir: work, storageDir: path.join(work, "mirror"), auth: { kind: "none" } });
    console.log("starting the portal (it builds first when the production build is missing or stale)...");
    portal = await startPortal(path.join(work, "data"), mirror.endpoint);
    const startedRss = readRssMiB(portal.child.pid!);
    const vendor = await createVendor(portal, upstream, upstreamPassword);
    const skopeo = await prepareSkopeo(work);
    const own = `${vendor.email}:${vendor.token}`;
    const linux = (architecture: string, layerSizes: number[]): PlatformSpec => ({ os: "linux", architecture, layerSizes });
    const unit = scale * MIB;
    console.log(`generating and pushing ${scale} GiB of images (not timed)...`);
    await pushImage(skopeo, work, `${portal.host}/${vendor.slug}/web:1.0`, own, [linux("amd64", [128 * unit, 64 * unit]), linux("arm64", [64 * unit])]);
    await pushImage(skopeo, work, `${portal.host}/${vendor.slug}/worker:1.0`, own, [linux("amd64", [192 * unit])]);
    await pushImage(skopeo, work, `${upstream.endpoint}/bench/api:1.0`, `${UPSTREAM_USER}:${upstreamPassword}`, [linux("amd64", [192 * unit])]);
    await pushImage(skopeo, work, `${upstream.endpoint}/bench/jobs:1.0`, `${UPSTREAM_USER}:${upstreamPassword}`, [linux("amd64", [192 * unit])]);
    await pushImage(skopeo, work, `${mirror.endpoint}/library/postgres:16`, "anonymous:anonymous", [linux("amd64", [192 * unit])]);
    const yaml = renderRelease(portal.host, vendor.slug, upstream.endpoint);
    const beforeBuilds = readRssMiB(portal.child.pid!);
    const cold = await timedBuild(portal, vendor.token, vendor.slug, yaml);
    console.log(`cold: ${(cold.size / MIB / cold.seconds).toFixed(1)} MiB/s, peak RSS ${cold.peakRssMiB.toFixed(0)} MiB; its log:\n  ${cold.log.join("\n  ")}`);
    const warm: Build[] = [];
    for (let run = 0; run < warmRuns; run++) {
      warm.push(await timedBuild(portal, vendor.token, vendor.slug, yaml));
      console.log(`warm ${run + 1}/${warmRuns}: ${(warm.at(-1)!.size / MIB / warm.at(-1)!.seconds).toFixed(1)} MiB/s, peak RSS ${warm.at(-1)!.peakRssMiB.toFixed(0)} MiB`);
    }
    report(cold, warm, { started: startedRss, beforeBuilds });
  } finally {
    if (portal) await stopPortal(portal);
    await Promise.all([upstream?.stop(), mirror?.stop()]);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch(reportBenchFailure);
