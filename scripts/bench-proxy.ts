/**
 * Pull-through proxy benchmark (not a test): skopeo pulls a 300 MiB image (three
 * incompressible 100 MiB layers) directly from Debian's docker-registry (htpasswd auth)
 * and, in the same run, through Slipway's proxy with a customer's license: cold (the
 * proxy's cache empty, every blob fetched upstream while it is relayed and stored) and
 * warm (served from the cache). Issue 10's targets: cold at least 0.8x of the direct
 * pull, warm at least 1.0x. Each run uses a freshly generated image (generation and the
 * push upstream are not timed); medians over the runs. A small image is pulled through
 * the proxy once before the runs, so "cold" means an empty cache, not a process that has
 * not loaded its code yet. Beside the times it reports the CPU seconds each process spent
 * (Slipway's registry, docker-registry, skopeo): on 2 cores their sum bounds the speed.
 *
 *   npm run bench:proxy -- [--runs N]
 *
 * BENCH_MARKS=1 also prints each pull's window and every request the proxy answered
 * (method, path, status, start and end, in CLOCK_MONOTONIC seconds): the timeline of a
 * pull (manifest, layers, the wait before the config blob), which lines up with a
 * `perf record -k monotonic -p <server pid>` of the same run.
 *
 * The registry runs in a child process (this script with --serve) with the proxy wired
 * as scripts/lib/mount-registry.ts wires it. With no DATABASE_URL a temporary embedded
 * PostgreSQL is started and removed afterwards; the benchmark's team (and every row it
 * made) is deleted at the end, and its folders are removed. Loopback only.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { grantRegistryActions, listPullableAppSlugs } from "@/lib/auth/registry-access";
import { authenticateRegistryBasic } from "@/lib/auth/registry-credentials";
import { checkLicenseStanding } from "@/lib/customers/license-auth";
import { createTestCustomer } from "@/lib/customers/test-support/create-test-customer";
import { createPrismaClient, prisma } from "@/lib/db/client";
import { parseAllowList } from "@/lib/external/address-guard";
import { startDockerRegistry, type RunningRegistry } from "@/lib/external/test-support/docker-registry";
import { sealRegistrySecret } from "@/lib/external-registries/registry-secret";
import { createRegistryHandler } from "@/lib/registry/http";
import { writeImageLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { createRegistryProxy } from "@/lib/registry/proxy/registry-proxy";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { formatProxyRepository } from "@/lib/releases/proxy-path";
import { runBenchScript, startBenchChild, stopBenchChild } from "./lib/bench-child";
import { openBenchDatabase } from "./lib/bench-database";
import { finishedChildrenCpuSeconds, processCpuSeconds, threadCpuSeconds } from "./lib/process-cpu";
import { isMarkingRequests, markRequest } from "./lib/bench-request-marks";
import { median } from "./lib/median";
import { readWholeNumberOption } from "./lib/bench-options";

const MIB = 1024 * 1024;
const LAYERS = [100 * MIB, 100 * MIB, 100 * MIB];
const USERNAME = "bench-upstream";
const TARGETS = { cold: 0.8, warm: 1.0 };

interface BenchSetup {
  teamId: string;
  slug: string;
  licenseId: string;
}

type Scenario = "direct" | "proxy cold" | "proxy warm";

/** One timed pull: wall seconds, the CPU seconds of each process involved, and Slipway's by thread. */
interface Pull {
  seconds: number;
  cpu: { slipway: number; registry: number; skopeo: number };
  threads: { main: number; others: number };
}

/** The processes whose CPU a pull accounts. */
interface Processes {
  slipway: number;
  registry: number;
}

/** Child mode: the registry handler with the proxy on a loopback port, its blob store in a fresh folder. */
async function serve(): Promise<void> {
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-proxy-store-"));
  const logger = { info: () => undefined, warn: console.warn, error: console.error };
  const proxy = createRegistryProxy({
    prisma,
    secretsKey: Buffer.from(process.env.BENCH_SECRETS_KEY!, "hex"),
    allow: parseAllowList("127.0.0.1"),
    tagTtlSeconds: 60,
    logger,
  });
  const handler = createRegistryHandler({
    prisma,
    storage: new FilesystemStorageDriver(storageDir),
    tokenSecret: process.env.BENCH_TOKEN_SECRET!,
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    checkLicense: checkLicenseStanding,
    proxy,
    logger,
  });
  const server = createServer((req, res) => {
    if (isMarkingRequests) markRequest(req, res);
    void handler(req, res);
  });
  process.on("SIGTERM", () => {
    server.close();
    void proxy
      .close()
      .then(() => rm(storageDir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  });
  server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
}

async function startServer(databaseUrl: string, secretsKey: Buffer): Promise<{ child: ChildProcess; host: string }> {
  // BENCH_PROFILE=<dir> writes a CPU profile of the registry process there.
  const profile = process.env.BENCH_PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : [];
  const env = { DATABASE_URL: databaseUrl, BENCH_SECRETS_KEY: secretsKey.toString("hex"), BENCH_TOKEN_SECRET: randomBytes(32).toString("hex") };
  const { child, port } = await startBenchChild("bench-proxy.ts", env, profile);
  return { child, host: `127.0.0.1:${port}` };
}

/** The release YAML declaring every benchmark image of the upstream. */
function renderRelease(endpoint: string, repositories: string[]): string {
  const entries = repositories.map((repository) => `  - {source: upstream, name: ${repository}, tag: "1.0"}`).join("\n");
  const containers = repositories.map((repository, index) => `        - {name: c${index}, image: "${endpoint}/${repository}:1.0"}`).join("\n");
  return `images:\n${entries}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: bench}\nspec:\n  selector: {matchLabels: {app: bench}}\n  template:\n    metadata: {labels: {app: bench}}\n    spec:\n      containers:\n${containers}\n`;
}

/** The benchmark's team, app, external registry (secret sealed), a release declaring the images, promoted, and a customer on that channel. */
async function createSetup(databaseUrl: string, secretsKey: Buffer, upstream: RunningRegistry, password: string, repositories: string[]): Promise<BenchSetup> {
  const db = createPrismaClient(databaseUrl);
  try {
    const suffix = randomBytes(4).toString("hex");
    const team = await db.team.create({ data: { name: `Bench proxy ${suffix}` } });
    const user = await db.user.create({ data: { email: `bench-proxy-${suffix}@example.test`, name: "Bench", passwordHash: "unused", memberships: { create: { teamId: team.id, role: "owner" } } } });
    const app = await db.app.create({ data: { slug: `bench-proxy-${suffix}`, name: "Bench proxy", teamId: team.id } });
    const registryId = randomUUID();
    await db.externalRegistry.create({
      data: { id: registryId, teamId: team.id, name: "upstream", endpoint: upstream.endpoint, kind: "generic", username: USERNAME, secretEncrypted: sealRegistrySecret(password, registryId, secretsKey) },
    });
    const release = await db.release.create({ data: { appId: app.id, sequence: 1, yaml: renderRelease(upstream.endpoint, repositories), sources: ["upstream"], createdById: user.id } });
    const customer = await createTestCustomer(db, { slug: app.slug, createdById: user.id, name: "Bench customer" });
    await db.promotion.create({ data: { channelId: customer.channelId, releaseId: release.id, version: "1.0", promotedById: user.id } });
    return { teamId: team.id, slug: app.slug, licenseId: customer.licenseId };
  } finally {
    await db.$disconnect();
  }
}

/** Deletes the app first (its releases and customers name the user), then the team with everything else. */
async function removeSetup(databaseUrl: string, teamId: string): Promise<void> {
  const db = createPrismaClient(databaseUrl);
  try {
    await db.app.deleteMany({ where: { teamId } });
    await db.team.delete({ where: { id: teamId } });
  } finally {
    await db.$disconnect();
  }
}

async function timedPull(skopeo: SkopeoEnvironment, processes: Processes, from: string, into: string, credentials: string): Promise<Pull> {
  const cpuBefore = { slipway: processCpuSeconds(processes.slipway), registry: processCpuSeconds(processes.registry), skopeo: finishedChildrenCpuSeconds() };
  const threadsBefore = threadCpuSeconds(processes.slipway);
  const started = process.hrtime.bigint();
  await skopeoCopy(skopeo, from, `oci:${into}:1.0`, credentials);
  const ended = process.hrtime.bigint();
  const seconds = Number(ended - started) / 1e9;
  // BENCH_MARKS=1: each pull's window on CLOCK_MONOTONIC, to cut a `perf record -k monotonic` of the server to it.
  if (process.env.BENCH_MARKS) console.log(`mark ${from} ${(Number(started) / 1e9).toFixed(3)} ${(Number(ended) / 1e9).toFixed(3)}`);
  const cpu = {
    slipway: processCpuSeconds(processes.slipway) - cpuBefore.slipway,
    registry: processCpuSeconds(processes.registry) - cpuBefore.registry,
    skopeo: finishedChildrenCpuSeconds() - cpuBefore.skopeo,
  };
  const threadsAfter = threadCpuSeconds(processes.slipway);
  const threads = { main: threadsAfter.main - threadsBefore.main, others: threadsAfter.others - threadsBefore.others };
  await rm(into, { recursive: true, force: true });
  return { seconds, cpu, threads };
}

/** Generates a fresh image (incompressible layers of the given sizes) and pushes it upstream; not timed. */
async function pushImage(skopeo: SkopeoEnvironment, source: string, destination: string, credentials: string, layerSizes: number[]): Promise<void> {
  await writeImageLayout(source, "1.0", { os: "linux", architecture: "amd64", layerSizes });
  await skopeoCopy(skopeo, `oci:${source}:1.0`, destination, credentials);
  await rm(source, { recursive: true, force: true });
}

function report(pulls: Record<Scenario, Pull[]>): void {
  const bytes = LAYERS.reduce((sum, size) => sum + size, 0);
  const times = Object.fromEntries(Object.entries(pulls).map(([scenario, runs]) => [scenario, runs.map((pull) => pull.seconds)])) as Record<Scenario, number[]>;
  const direct = median(times.direct);
  console.log(`\n${"scenario".padEnd(14)}${"median MiB/s".padStart(14)}${"median s".padStart(10)}   runs (s)${"".padEnd(16)}vs direct   target`);
  for (const scenario of ["direct", "proxy cold", "proxy warm"] as Scenario[]) {
    const seconds = median(times[scenario]);
    const ratio = direct / seconds;
    const target = scenario === "proxy cold" ? TARGETS.cold : scenario === "proxy warm" ? TARGETS.warm : null;
    const verdict = target === null ? "" : `${target.toFixed(1)}x ${ratio >= target ? "met" : "MISSED"}`;
    const runs = times[scenario].map((value) => value.toFixed(2)).join(", ");
    console.log(`${scenario.padEnd(14)}${(bytes / MIB / seconds).toFixed(1).padStart(14)}${seconds.toFixed(2).padStart(10)}   ${runs.padEnd(24)}${scenario === "direct" ? "" : `${ratio.toFixed(2)}x`.padStart(9)}   ${verdict}`);
  }
  console.log(`\nCPU seconds per pull (medians)${"".padEnd(4)}slipway  docker-registry  skopeo   total`);
  for (const scenario of ["direct", "proxy cold", "proxy warm"] as Scenario[]) {
    const cpu = (name: keyof Pull["cpu"]) => median(pulls[scenario].map((pull) => pull.cpu[name]));
    const total = median(pulls[scenario].map((pull) => pull.cpu.slipway + pull.cpu.registry + pull.cpu.skopeo));
    console.log(`${scenario.padEnd(34)}${cpu("slipway").toFixed(2).padStart(7)}${cpu("registry").toFixed(2).padStart(17)}${cpu("skopeo").toFixed(2).padStart(8)}${total.toFixed(2).padStart(8)}`);
  }
  console.log(`\nSlipway's CPU seconds by thread (medians)   main  others (GC helpers, file pool)`);
  for (const scenario of ["proxy cold", "proxy warm"] as Scenario[]) {
    const thread = (group: keyof Pull["threads"]) => median(pulls[scenario].map((pull) => pull.threads[group])).toFixed(2);
    console.log(`${scenario.padEnd(37)}${thread("main").padStart(9)}${thread("others").padStart(8)}`);
  }
}

async function main(): Promise<void> {
  const runs = readWholeNumberOption(process.argv, "--runs", 3, 10);
  const database = await openBenchDatabase();
  const databaseUrl = database.url;
  const work = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-proxy-"));
  const password = `bench-${randomBytes(12).toString("hex")}`;
  const secretsKey = randomBytes(32);
  const repositories = Array.from({ length: runs }, (_, run) => `bench/image-${run}`);
  const warmup = "bench/warmup";
  let upstream: RunningRegistry | null = null;
  let server: ChildProcess | null = null;
  let setup: BenchSetup | null = null;
  try {
    upstream = await startDockerRegistry({ dir: work, storageDir: path.join(work, "upstream"), auth: { kind: "htpasswd", username: USERNAME, password } });
    const skopeo = await prepareSkopeo(work);
    const upstreamCredentials = `${USERNAME}:${password}`;
    setup = await createSetup(databaseUrl, secretsKey, upstream, password, [warmup, ...repositories]);
    const started = await startServer(databaseUrl, secretsKey);
    server = started.child;
    const license = `${setup.licenseId}:${setup.licenseId}`;
    const processes = { slipway: server.pid!, registry: upstream.pid };
    const proxied = (repository: string) => `docker://${started.host}/${formatProxyRepository(setup!.slug, upstream!.endpoint, repository)}:1.0`;
    await pushImage(skopeo, path.join(work, "source-warmup"), `docker://${upstream.endpoint}/${warmup}:1.0`, upstreamCredentials, [MIB]);
    await timedPull(skopeo, processes, proxied(warmup), path.join(work, "pulled-warmup"), license);
    const pulls: Record<Scenario, Pull[]> = { direct: [], "proxy cold": [], "proxy warm": [] };
    for (const [run, repository] of repositories.entries()) {
      await pushImage(skopeo, path.join(work, `source-${run}`), `docker://${upstream.endpoint}/${repository}:1.0`, upstreamCredentials, LAYERS);
      const pulled = path.join(work, `pulled-${run}`);
      pulls.direct.push(await timedPull(skopeo, processes, `docker://${upstream.endpoint}/${repository}:1.0`, pulled, upstreamCredentials));
      pulls["proxy cold"].push(await timedPull(skopeo, processes, proxied(repository), pulled, license));
      pulls["proxy warm"].push(await timedPull(skopeo, processes, proxied(repository), pulled, license));
      const last = (scenario: Scenario) => pulls[scenario].at(-1)!.seconds.toFixed(2);
      console.log(`run ${run + 1}/${runs}: direct ${last("direct")} s, cold ${last("proxy cold")} s, warm ${last("proxy warm")} s`);
    }
    report(pulls);
  } finally {
    if (server) await stopBenchChild(server);
    if (upstream) await upstream.stop();
    if (setup) await removeSetup(databaseUrl, setup.teamId).catch((error) => console.error("removing the benchmark's rows failed:", error));
    await database.stop();
    await rm(work, { recursive: true, force: true });
  }
}

runBenchScript(serve, main);
