/**
 * Registry benchmark (not a test): pushes and pulls with skopeo against Slipway's
 * registry and, when Debian's docker-registry (CNCF distribution) is installed, against
 * it on another loopback port in the same run; then times a raw monolithic PUT and a GET
 * of a 1 GiB blob (with curl, so the client is not the bottleneck), skopeo pushes of small
 * images and of multi-platform indexes (the registries taking turns push by push), and
 * manifest HEAD and GET by tag over 16
 * keep-alive connections (ApacheBench, a fixed count). Prints each scenario's rate, the
 * server's CPU seconds per operation (utime+stime of the server process from /proc,
 * before and after; for ours also its database's, PostgreSQL's whole process tree, when the
 * benchmark started the embedded one) and the ratio ours/distribution.
 *
 *   npm run bench:registry -- [--runs N (default 3)] [--no-distribution] [--only large|many|raw|small|manifest] [--backend filesystem|s3|all]
 *
 * Manifest rows have a second reference: distribution with htpasswd (Basic on every
 * request), as ours authenticates every request (a bearer token from /v2/token, as
 * skopeo gets one). Distribution without authentication is the one the ratio is against.
 *
 * Two storage backends, one after the other in the same run (default: all): the
 * filesystem, and S3 on a one-node Ceph RGW started for the run (lib/test/ceph-rgw.ts),
 * where distribution uses its own s3 storage driver on the same RGW (another bucket).
 * Both stream blob downloads (distribution's redirects are disabled, as ours are by default);
 * on S3 the raw GET is also timed straight from the store, the ceiling for both.
 *
 * Fresh content is generated for every measured run (generation is not timed). Our
 * registry runs in a child process so its peak resident memory can be reported. With no
 * DATABASE_URL a temporary embedded PostgreSQL is started and removed afterwards.
 * Distribution runs without authentication (its fastest setup); ours uses token auth.
 * Ours enforces the upload limits `npm start` does (team quota, largest blob, free-space
 * reserve, session caps); `BENCH_UPLOAD_LIMITS=0` turns them off, to measure their cost.
 * `BENCH_COUNT_STATEMENTS=1` prints the SQL statements per request kind when the child stops
 * (`=sql`: and the start of each statement's text, with its count).
 * `BENCH_MARKS=1` prints every request our registry answered (method, path, status, start
 * and end in CLOCK_MONOTONIC seconds): the timeline of a push, request by request; and
 * each small push's window, for either registry. `BENCH_DISTRIBUTION_LOG=<file>` appends
 * distribution's log there at level info (JSON, a line per request with its duration), to
 * set its requests beside ours.
 * `BENCH_EACH_RUN=1` also prints every measurement as it is taken: its time, the server's CPU
 * split into the main thread and the others (libuv's pool, V8's helpers), and how much
 * CPU time the hypervisor stole from this machine meanwhile.
 * Our registry's process gets `npm start`'s malloc settings and Node flags (package.json,
 * scripts/lib/start-settings.ts); `BENCH_NODE_FLAGS="--trace-gc"` adds flags after them (a
 * later V8 flag wins) and forwards the child's output to stderr.
 */
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { closeSync, createReadStream, existsSync, openSync } from "node:fs";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";
import { grantRegistryActions, listPullableAppSlugs } from "@/lib/auth/registry-access";
import { authenticateRegistryBasic } from "@/lib/auth/registry-credentials";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { findFreePort } from "@/lib/db/embedded-postgres";
import { openRegistryChangeFeed } from "@/lib/registry/db/change-feed";
import { createRegistryHandler } from "@/lib/registry/http";
import { writeImageLayout, writeIndexLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { resolveUploadLimits } from "@/lib/registry/services/upload-limits";
import { createStorageDriver, resolveStorageSettings } from "@/lib/registry/storage/storage-settings";
import { createRgwStorage, startCephRgw, type CephRgw, type RgwStorage } from "@/lib/test/ceph-rgw";
import { startDockerRegistry } from "@/lib/external/test-support/docker-registry";
import { openBenchDatabase, type BenchDatabase } from "./lib/bench-database";
import { runBenchScript, stopBenchChild, waitForReady } from "./lib/bench-child";
import { machineStealSeconds, processCpuTimes, processTreeCpuSeconds, threadCpuSeconds } from "./lib/process-cpu";
import { writeRandomFile } from "./lib/random-file";
import { isMarkingRequests, markOperation, markRequest } from "./lib/bench-request-marks";
import { readStartSettings, withStartEnvironment } from "./lib/start-settings";
import { installStatementCounter } from "./lib/statement-counter";
import { median } from "./lib/median";
import { BenchOptionError, readWholeNumberOption } from "./lib/bench-options";

const run = promisify(execFile);

const DISTRIBUTION = "/usr/bin/docker-registry";
const MIB = 1024 * 1024;
const LARGE_LAYERS = [100 * MIB, 100 * MIB, 100 * MIB];
const SMALL_LAYERS = Array.from({ length: 200 }, () => 16 * 1024);
const RAW_BLOB_BYTES = 1024 * MIB;
/**
 * Small pushes: an image of three 64 KiB layers, and a two-platform index of the same;
 * twelve per run (about 2.5 s), since four (under a second) moved the ratio by up to 15%
 * between runs of one machine.
 */
const SMALL_IMAGE_LAYERS = [64 * 1024, 64 * 1024, 64 * 1024];
const SMALL_PUSHES_PER_RUN = 12;
/** Manifest requests per method and run, over 16 keep-alive connections. */
const MANIFEST_REQUESTS = 4000;
const MANIFEST_CONNECTIONS = 16;

interface Target {
  label: string;
  host: string;
  credentials: string;
  /** The repository namespace: our bench application's slug. */
  namespace: string;
  pid?: number;
  /** Basic credentials on every request (distribution with htpasswd) instead of a bearer token. */
  basic?: boolean;
  /** A second reference for the manifest rows only. */
  isManifestOnly?: boolean;
  /** The postmaster of the PostgreSQL server ours uses, when the benchmark started it: its CPU is part of our server's. */
  databasePid?: number;
}

interface Result {
  scenario: string;
  target: string;
  /** Bytes moved (MiB/s rows) or operations done (op/s rows). */
  amount: number;
  unit: "MiB/s" | "op/s";
  seconds: number;
  /** Operations in this measurement (pushes, requests), for the server's CPU per operation. */
  operations: number;
  /** CPU seconds (user + system) the server process spent during the measurement. */
  cpuSeconds: number | null;
  /** The kernel's part of cpuSeconds (system time: socket and file I/O, fsync). */
  systemSeconds: number | null;
  /** CPU seconds PostgreSQL spent meanwhile (ours only, with the embedded database; not in cpuSeconds). */
  databaseSeconds: number | null;
  /** Peak resident memory of the server process during this scenario (Slipway only). */
  peakRssMiB?: number | null;
  /** The server's CPU split into its main thread and the others, when readable (for BENCH_EACH_RUN). */
  threads?: { main: number; others: number } | null;
  /** CPU time the hypervisor stole from this machine over the measurement (for BENCH_EACH_RUN). */
  stealSeconds?: number;
}

/** Three by default, as issue 17's figures were taken: the median of three shrugs off one disturbed run, the mean of two does not. */
const DEFAULT_RUNS = 3;

async function waitForHttp(host: string): Promise<void> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    try {
      await fetch(`http://${host}/v2/`);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`${host} did not start`);
}

interface BenchAccount {
  credentials: string;
  slug: string;
  teamId: string;
}

/** Creates the benchmark's own team, user and application (removed again at the end). */
async function createBenchAccount(databaseUrl: string): Promise<BenchAccount> {
  const prisma = createPrismaClient(databaseUrl);
  try {
    const suffix = randomBytes(4).toString("hex");
    const password = `bench-${randomBytes(12).toString("hex")}`;
    const team = await prisma.team.create({ data: { name: `Bench ${suffix}` } });
    const user = await prisma.user.create({ data: { email: `bench-${suffix}@example.test`, name: "Bench", passwordHash: await hashPassword(password), memberships: { create: { teamId: team.id, role: "owner" } } } });
    const app = await prisma.app.create({ data: { slug: `bench-${suffix}`, name: "Bench", teamId: team.id } });
    return { credentials: `${user.email}:${password}`, slug: app.slug, teamId: team.id };
  } finally {
    await prisma.$disconnect();
  }
}

async function removeBenchAccount(databaseUrl: string, account: BenchAccount): Promise<void> {
  const prisma = createPrismaClient(databaseUrl);
  await prisma.team.delete({ where: { id: account.teamId } }).finally(() => prisma.$disconnect());
}

/** Child mode (--serve): the registry handler alone on a loopback port, as scripts/server mounts it. */
async function serve(): Promise<void> {
  // As npm start mounts it: with the change feed, unless BENCH_CHANGE_FEED=0 (to measure without).
  const changeFeed = process.env.BENCH_CHANGE_FEED === "0" ? undefined : await openRegistryChangeFeed(process.env.DATABASE_URL!);
  const handler = createRegistryHandler({
    changeFeed,
    prisma: createPrismaClient(process.env.DATABASE_URL!),
    storage: createStorageDriver(resolveStorageSettings()),
    tokenSecret: process.env.BENCH_TOKEN_SECRET!,
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    ...(process.env.BENCH_UPLOAD_LIMITS === "0" ? {} : { uploadLimits: resolveUploadLimits(resolveStorageSettings()) }),
  });
  // BENCH_COUNT_STATEMENTS=1: SQL statements per request kind, printed when the child stops; =sql lists their text too.
  const countStatements = process.env.BENCH_COUNT_STATEMENTS;
  const withinRequest = countStatements === "1" || countStatements === "sql" ? installStatementCounter({ withText: countStatements === "sql" }) : <T,>(_req: unknown, run: () => T) => run();
  const server = createServer((req, res) => {
    if (isMarkingRequests) markRequest(req, res);
    void withinRequest(req, () => handler(req, res));
  });
  // A clean exit on SIGTERM, so `--cpu-prof` (BENCH_CPU_PROF) writes its profile.
  process.once("SIGTERM", () => process.exit(0));
  server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
}

/** Starts Slipway's registry in a child process (this script with --serve). */
async function startOurs(database: BenchDatabase, storageDir: string, account: BenchAccount, s3: RgwStorage | null): Promise<{ target: Target; child: ChildProcess }> {
  const storageEnv = s3 ? s3.env : { REGISTRY_STORAGE: "filesystem", REGISTRY_STORAGE_DIR: storageDir };
  // With npm start's process settings (package.json), so the speed and peak memory are the ones production sees.
  const start = readStartSettings();
  // BENCH_CPU_PROF=<dir>: the registry child writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(process.env.BENCH_CPU_PROF)}`] : [];
  // BENCH_NODE_FLAGS="--trace-gc …": more Node/V8 flags for the child, whose output then goes to stderr.
  const extraFlags = process.env.BENCH_NODE_FLAGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...start.nodeFlags, ...extraFlags, ...profile, "--import", "tsx", path.join("scripts", "bench-registry.ts"), "--serve"], {
    env: { ...withStartEnvironment(process.env, start), DATABASE_URL: database.url, ...storageEnv, BENCH_TOKEN_SECRET: randomBytes(32).toString("hex") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await waitForReady(child);
  if (extraFlags.length > 0) child.stdout!.pipe(process.stderr);
  const target = { label: "slipway", host: `127.0.0.1:${port}`, credentials: account.credentials, namespace: account.slug, pid: child.pid, databasePid: database.pid ?? undefined };
  return { target, child };
}

/** distribution's storage section: its filesystem driver, or its s3 driver on the RGW (streaming, no redirects). */
function distributionStorage(dir: string, s3: RgwStorage | null): string[] {
  if (!s3) return ["  filesystem:", `    rootdirectory: ${path.join(dir, "distribution-data")}`];
  const { config } = s3;
  return [
    "  s3:",
    `    accesskey: ${config.accessKeyId}`,
    `    secretkey: ${config.secretAccessKey}`,
    `    region: ${config.region}`,
    `    regionendpoint: ${config.endpoint}`,
    `    bucket: ${config.bucket}`,
    "    secure: false",
    "    v4auth: true",
    "  redirect:",
    "    disable: true",
  ];
}

/** Starts CNCF distribution with a filesystem or S3 store and no auth. */
async function startDistribution(dir: string, s3: RgwStorage | null): Promise<{ target: Target; child: ChildProcess }> {
  const port = await findFreePort();
  const config = path.join(dir, `distribution-${s3 ? "s3" : "fs"}.yml`);
  const distributionLog = process.env.BENCH_DISTRIBUTION_LOG ? openSync(process.env.BENCH_DISTRIBUTION_LOG, "a") : null;
  await writeFile(
    config,
    [
      "version: 0.1",
      "log:",
      `  level: ${distributionLog === null ? "error" : "info"}`,
      "  formatter: json",
      "  accesslog:",
      "    disabled: true",
      "storage:",
      ...distributionStorage(dir, s3),
      "  delete:",
      "    enabled: true",
      "http:",
      `  addr: 127.0.0.1:${port}`,
      "",
    ].join("\n"),
  );
  // distribution logs every 404 HEAD probe at level error; its chatter would bury the results.
  // BENCH_DISTRIBUTION_LOG keeps it, at level info: a "response completed" line per request, with its duration.
  // With AWS_CA_BUNDLE set its s3 driver refuses to start ("HTTPClient's transport unsupported type").
  const env = { ...process.env };
  delete env.AWS_CA_BUNDLE;
  const child = spawn(DISTRIBUTION, ["serve", config], { stdio: distributionLog === null ? "ignore" : ["ignore", distributionLog, distributionLog], env });
  // The child writes through its own copy of the descriptor.
  if (distributionLog !== null) closeSync(distributionLog);
  const host = `127.0.0.1:${port}`;
  await waitForHttp(host);
  return { target: { label: "distribution", host, credentials: "bench:bench", namespace: "bench", pid: child.pid }, child };
}

/** The server's CPU seconds so far, the kernel's (system) part of them, and its database's; null when unknown. */
function readCpu(target: Target): { total: number; system: number; database: number | null } | null {
  try {
    if (!target.pid) return null;
    const { user, system } = processCpuTimes(target.pid);
    return { total: user + system, system, database: target.databasePid ? processTreeCpuSeconds(target.databasePid) : null };
  } catch {
    return null;
  }
}

/** Times `work` and the server's CPU over it (its own process, and its database's process tree where known, from /proc). */
type Measured = Pick<Result, "seconds" | "cpuSeconds" | "systemSeconds" | "databaseSeconds" | "threads" | "stealSeconds">;

async function measure(target: Target, work: () => Promise<unknown>): Promise<Measured> {
  // Everything written before (the other registry's unsynced blobs, the generated layouts)
  // goes to disk first: otherwise an fsync inside the measured window pays for it (one
  // journal on ext4), and a row's ratio depended on what ran before it (raw PUT 0.97x
  // after the other rows, 1.84-1.97x on its own, 2026-12-02).
  await run("sync");
  const cpuBefore = readCpu(target);
  const threadsBefore = readThreads(target);
  const stealBefore = machineStealSeconds();
  const started = process.hrtime.bigint();
  await work();
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpuAfter = readCpu(target);
  const threadsAfter = readThreads(target);
  const stealSeconds = machineStealSeconds() - stealBefore;
  const threads = threadsBefore && threadsAfter ? { main: threadsAfter.main - threadsBefore.main, others: threadsAfter.others - threadsBefore.others } : null;
  if (!cpuBefore || !cpuAfter) return { seconds, cpuSeconds: null, systemSeconds: null, databaseSeconds: null, threads, stealSeconds };
  const databaseSeconds = cpuBefore.database === null || cpuAfter.database === null ? null : cpuAfter.database - cpuBefore.database;
  return { seconds, cpuSeconds: cpuAfter.total - cpuBefore.total, systemSeconds: cpuAfter.system - cpuBefore.system, databaseSeconds, threads, stealSeconds };
}

/** Two measurements of one scenario as one (a figure unknown in either is unknown). */
function addMeasured(sum: Measured, next: Measured): Measured {
  const plus = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b);
  return {
    seconds: sum.seconds + next.seconds,
    cpuSeconds: plus(sum.cpuSeconds, next.cpuSeconds),
    systemSeconds: plus(sum.systemSeconds, next.systemSeconds),
    databaseSeconds: plus(sum.databaseSeconds, next.databaseSeconds),
    threads: sum.threads && next.threads ? { main: sum.threads.main + next.threads.main, others: sum.threads.others + next.threads.others } : null,
    stealSeconds: (sum.stealSeconds ?? 0) + (next.stealSeconds ?? 0),
  };
}

function readThreads(target: Target): { main: number; others: number } | null {
  try {
    return target.pid ? threadCpuSeconds(target.pid) : null;
  } catch {
    return null;
  }
}

/** BENCH_EACH_RUN=1: one line per measurement as it is taken, so a disturbed run can be told from the others. */
function printEachRun(run: number, batch: Result[]): void {
  if (process.env.BENCH_EACH_RUN !== "1") return;
  for (const result of batch) {
    const cpu = result.cpuSeconds === null ? "" : `, CPU ${result.cpuSeconds.toFixed(2)} s (sys ${result.systemSeconds?.toFixed(2)})`;
    const threads = result.threads ? `, main thread ${result.threads.main.toFixed(2)} s, other threads ${result.threads.others.toFixed(2)} s` : "";
    console.log(`run ${run + 1} ${result.target} ${result.scenario}: ${result.seconds.toFixed(2)} s${cpu}; machine steal ${(result.stealSeconds ?? 0).toFixed(2)} s${threads}`);
  }
}

function imageReference(target: Target, repository: string, tag: string): string {
  return `docker://${target.host}/${target.namespace}/${repository}:${tag}`;
}

/** Pushes then pulls a freshly generated image; returns both timings. */
async function benchImage(skopeo: SkopeoEnvironment, dir: string, target: Target, label: string, layers: number[], run: number): Promise<Result[]> {
  const source = path.join(dir, `${target.label}-${label}-${run}`);
  const copy = `${source}-pulled`;
  await writeImageLayout(source, "v1", { os: "linux", architecture: "amd64", layerSizes: layers });
  const reference = imageReference(target, `${label}-${run}`, "v1");
  const bytes = layers.reduce((sum, size) => sum + size, 0);
  const push = await measure(target, () => skopeoCopy(skopeo, `oci:${source}:v1`, reference, target.credentials));
  const pull = await measure(target, () => skopeoCopy(skopeo, reference, `oci:${copy}:v1`, target.credentials));
  await rm(source, { recursive: true, force: true });
  await rm(copy, { recursive: true, force: true });
  return [
    { scenario: `push ${label}`, target: target.label, amount: bytes, unit: "MiB/s", operations: 1, ...push },
    { scenario: `pull ${label}`, target: target.label, amount: bytes, unit: "MiB/s", operations: 1, ...pull },
  ];
}

/**
 * skopeo pushes of small things, several per registry (fresh content each): images of
 * three 64 KiB layers, and two-platform indexes whose images have the same. The registries
 * take turns push by push, the first of each pair alternating, so a slower spell of the
 * machine falls on both: with each registry's pushes in one block, the same twelve pushes
 * cost one registry 0.41 s of CPU in one run and 0.81 s in the next (README, thirteenth
 * look). Each push is measured on its own (after `sync`, as every measurement) and a
 * registry's figures are the sums. Each series starts with one unmeasured push to each
 * registry. Generation is not timed.
 */
async function benchSmallPushes(skopeo: SkopeoEnvironment, dir: string, targets: Target[], backend: string, run: number): Promise<Result[]> {
  const kinds = [
    { scenario: "push small image (3x64 KiB)", mark: "small-image", copyArguments: [], write: (layout: string) => writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: SMALL_IMAGE_LAYERS }) },
    {
      scenario: "push small index (2 platforms)",
      mark: "small-index",
      // Without --all, skopeo copies only the platform matching this machine: one image, not the index.
      copyArguments: ["--all"],
      write: (layout: string) =>
        writeIndexLayout(layout, "v1", [
          { os: "linux", architecture: "amd64", layerSizes: SMALL_IMAGE_LAYERS },
          { os: "linux", architecture: "arm64", layerSizes: SMALL_IMAGE_LAYERS },
        ]),
    },
  ];
  const results: Result[] = [];
  for (const [kindIndex, kind] of kinds.entries()) {
    const layouts = new Map<Target, string[]>();
    for (const target of targets) {
      const own: string[] = [];
      for (let index = 0; index < SMALL_PUSHES_PER_RUN; index += 1) {
        const layout = path.join(dir, `${target.label}-small-${backend}-${run}-${kindIndex}-${index}`);
        await kind.write(layout);
        own.push(layout);
      }
      layouts.set(target, own);
    }
    const repository = `small-${backend}-${kindIndex}-${run}`;
    // One push each first, not measured: a registry that sat idle while the other ran its
    // large rows pays for its cold memory on its next push
    // (docs/registry-performance-log.md, thirteenth look).
    for (const target of targets) {
      const layout = path.join(dir, `${target.label}-small-warm-${backend}-${run}-${kindIndex}`);
      await kind.write(layout);
      await skopeoCopy(skopeo, `oci:${layout}:v1`, imageReference(target, repository, "warm"), target.credentials, kind.copyArguments);
      await rm(layout, { recursive: true, force: true });
    }
    const sums = new Map<Target, Measured>();
    for (let index = 0; index < SMALL_PUSHES_PER_RUN; index += 1) {
      for (const target of index % 2 === 0 ? targets : [...targets].reverse()) {
        const layout = layouts.get(target)![index]!;
        const reference = imageReference(target, repository, `t${index}`);
        const measured = await measure(target, () => markOperation(target.label, kind.mark, () => skopeoCopy(skopeo, `oci:${layout}:v1`, reference, target.credentials, kind.copyArguments)));
        const sum = sums.get(target);
        sums.set(target, sum ? addMeasured(sum, measured) : measured);
      }
    }
    for (const target of targets) {
      for (const layout of layouts.get(target)!) await rm(layout, { recursive: true, force: true });
      results.push({ scenario: kind.scenario, target: target.label, amount: SMALL_PUSHES_PER_RUN, unit: "op/s", operations: SMALL_PUSHES_PER_RUN, ...sums.get(target)! });
    }
  }
  return results;
}

async function fetchBearer(target: Target, name: string, actions = "pull,push"): Promise<string | null> {
  const probe = await fetch(`http://${target.host}/v2/`);
  if (probe.status !== 401 || target.basic) return null;
  const query = new URLSearchParams({ service: target.host, scope: `repository:${name}:${actions}` });
  const response = await fetch(`http://${target.host}/v2/token?${query}`, { headers: { Authorization: `Basic ${Buffer.from(target.credentials).toString("base64")}` } });
  return ((await response.json()) as { token: string }).token;
}

/** The Authorization header a client sends on every request: a bearer token for ours, Basic for distribution with htpasswd. */
async function requestAuthorization(target: Target, name: string, actions: string): Promise<string | null> {
  if (target.basic) return `Basic ${Buffer.from(target.credentials).toString("base64")}`;
  const token = await fetchBearer(target, name, actions);
  return token ? `Bearer ${token}` : null;
}

/** Runs ApacheBench (keep-alive, a fixed count); rejects when any request failed or answered other than 2xx. */
async function runApacheBench(args: string[]): Promise<void> {
  const { stdout } = await run("ab", ["-q", "-k", "-s", "30", ...args], { maxBuffer: 4 * MIB });
  const failed = /Failed requests:\s+(\d+)/.exec(stdout);
  const non2xx = /Non-2xx responses:\s+(\d+)/.exec(stdout);
  if (!failed || failed[1] !== "0" || non2xx) throw new Error(`ab reported failures:\n${stdout}`);
}

/**
 * Manifest HEAD and GET by tag, MANIFEST_REQUESTS each, over 16 keep-alive connections,
 * authenticated as clients are (a pull token for ours, Basic for distribution with htpasswd).
 */
async function benchManifests(skopeo: SkopeoEnvironment, dir: string, target: Target, backend: string, run: number): Promise<Result[]> {
  const layout = path.join(dir, `${target.label}-manifest-${backend}-${run}`);
  await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: [16 * 1024] });
  const repository = `manifest-${backend}-${run}`;
  await skopeoCopy(skopeo, `oci:${layout}:v1`, imageReference(target, repository, "v1"), target.credentials);
  await rm(layout, { recursive: true, force: true });
  const authorization = await requestAuthorization(target, `${target.namespace}/${repository}`, "pull");
  const url = `http://${target.host}/v2/${target.namespace}/${repository}/manifests/v1`;
  const headers = ["-H", "Accept: application/vnd.oci.image.manifest.v1+json", ...(authorization ? ["-H", `Authorization: ${authorization}`] : [])];
  const common = ["-c", String(MANIFEST_CONNECTIONS), "-n", String(MANIFEST_REQUESTS), ...headers];
  // A short warm-up (connections, caches, JIT), not measured.
  await runApacheBench(["-c", String(MANIFEST_CONNECTIONS), "-n", "400", ...headers, url]);
  const head = await measure(target, () => runApacheBench(["-i", ...common, url]));
  const get = await measure(target, () => runApacheBench([...common, url]));
  return [
    { scenario: "manifest HEAD, 16 conns", target: target.label, amount: MANIFEST_REQUESTS, unit: "op/s", operations: MANIFEST_REQUESTS, ...head },
    { scenario: "manifest GET, 16 conns", target: target.label, amount: MANIFEST_REQUESTS, unit: "op/s", operations: MANIFEST_REQUESTS, ...get },
  ];
}

/** Puts fresh bytes at the start of the raw file, so every measured PUT stores new content; returns its digest (not timed). */
async function freshenRawFile(file: string): Promise<string> {
  const handle = await open(file, "r+");
  try {
    await handle.write(randomBytes(64), 0, 64, 0);
  } finally {
    await handle.close();
  }
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: 4 * MIB })) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

/** curl with `args`; resolves with its output, rejecting on an HTTP error (--fail-with-body). */
async function runCurl(args: string[]): Promise<string> {
  const { stdout } = await run("curl", ["-sS", "--fail-with-body", ...args], { maxBuffer: 4 * MIB });
  return stdout;
}

/**
 * The S3 store's own rate for the raw GET: curl on a presigned URL of the object Slipway
 * just served, right after it. Neither registry can stream faster than this, so it says how
 * much of the store's rate each one's relay keeps (both use the same RGW).
 */
async function timeStoreGet(store: RgwStorage, digest: string): Promise<number> {
  const url = await store.driver.presignBlob(digest, 600);
  const started = process.hrtime.bigint();
  await runCurl(["-o", "/dev/null", url]);
  return RAW_BLOB_BYTES / MIB / (Number(process.hrtime.bigint() - started) / 1e9);
}

/** Rates of the store's own GET (timeStoreGet), one per measured run, for the report. */
const storeGetRates: number[] = [];

/**
 * Monolithic POST + PUT of the 1 GiB file (fresh content), then a GET of it (on S3 also
 * straight from the store), all with curl (C, sendfile-speed: the client is not what limits
 * the figure, as the Node client was).
 */
async function benchRawBlob(target: Target, file: string, run: number, store: RgwStorage | null): Promise<Result[]> {
  const name = `${target.namespace}/raw-${run}`;
  const digest = await freshenRawFile(file);
  const authorization = await requestAuthorization(target, name, "pull,push");
  const auth = authorization ? ["-H", `Authorization: ${authorization}`] : [];
  const base = `http://${target.host}/v2/${name}`;
  const headers = await runCurl(["-D", "-", "-o", "/dev/null", "-X", "POST", ...auth, `${base}/blobs/uploads/`]);
  const location = /^location:\s*(\S+)/im.exec(headers)?.[1];
  if (!location) throw new Error(`no Location from ${target.label}'s POST:\n${headers}`);
  const upload = new URL(location, `http://${target.host}`);
  upload.searchParams.set("digest", digest);
  await resetPeakRss(target.pid);
  const put = await measure(target, () =>
    runCurl(["-o", "/dev/null", "-T", file, "-H", "Content-Type: application/octet-stream", "-H", "Expect:", ...auth, upload.toString()]),
  );
  const peakRssMiB = target.label === "slipway" ? await readPeakRss(target.pid) : null;
  const get = await measure(target, () => runCurl(["-o", "/dev/null", ...auth, `${base}/blobs/${digest}`]));
  if (store && target.label === "slipway") storeGetRates.push(await timeStoreGet(store, digest));
  return [
    { scenario: "raw PUT 1 GiB (curl)", target: target.label, amount: RAW_BLOB_BYTES, unit: "MiB/s", operations: 1, ...put, peakRssMiB },
    { scenario: "raw GET 1 GiB (curl)", target: target.label, amount: RAW_BLOB_BYTES, unit: "MiB/s", operations: 1, ...get },
  ];
}

/** The highest peak seen before any reset, so the whole run's peak is still known. */
let overallPeakMiB = 0;

/** Resets the kernel's peak-RSS counter of a process (Linux clear_refs "5"), so a peak can be taken per scenario. */
async function resetPeakRss(pid: number | undefined): Promise<void> {
  if (!pid) return;
  overallPeakMiB = Math.max(overallPeakMiB, (await readPeakRss(pid)) ?? 0);
  await writeFile(`/proc/${pid}/clear_refs`, "5").catch(() => undefined);
}

async function readPeakRss(pid: number | undefined): Promise<number | null> {
  if (!pid) return null;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const match = /VmHWM:\s+(\d+) kB/.exec(status);
  return match ? Number(match[1]) / 1024 : null;
}

interface Summary {
  rate: number;
  seconds: number;
  /** Median server CPU milliseconds per operation (push, request), or null when unknown. */
  cpuMsPerOperation: number | null;
  /** Median of the kernel's part of it. */
  systemMsPerOperation: number | null;
  /** Median CPU milliseconds per operation of the server's database (ours), or null. */
  databaseMsPerOperation: number | null;
}

function summarise(results: Result[]): Summary {
  const rate = (result: Result) => (result.unit === "MiB/s" ? result.amount / MIB : result.amount) / result.seconds;
  const cpu = results.filter((result) => result.cpuSeconds !== null).map((result) => (result.cpuSeconds! * 1000) / result.operations);
  const system = results.filter((result) => result.systemSeconds !== null).map((result) => (result.systemSeconds! * 1000) / result.operations);
  const database = results.filter((result) => result.databaseSeconds !== null).map((result) => (result.databaseSeconds! * 1000) / result.operations);
  return {
    rate: median(results.map(rate)),
    seconds: median(results.map((result) => result.seconds)),
    cpuMsPerOperation: cpu.length ? median(cpu) : null,
    systemMsPerOperation: system.length ? median(system) : null,
    databaseMsPerOperation: database.length ? median(database) : null,
  };
}

/** Width of a target's column in the table. */
const COLUMN = 76;

/** One line per scenario: each target's median rate (seconds) and server CPU per operation, and the ratios against distribution. */
function report(results: Result[], targets: Target[]): void {
  const scenarios = [...new Set(results.map((result) => result.scenario))];
  const ms = (value: number | null) => (value === null ? "?" : value.toFixed(value < 10 ? 2 : 0));
  const cell = (summary: Summary | undefined, unit: string) =>
    summary
      ? `${summary.rate.toFixed(1)} ${unit} (${summary.seconds.toFixed(2)} s), CPU ${ms(summary.cpuMsPerOperation)} ms/op (sys ${ms(summary.systemMsPerOperation)}${summary.databaseMsPerOperation === null ? "" : `; database ${ms(summary.databaseMsPerOperation)}`})`
      : "-";
  console.log(`\n${"scenario".padEnd(32)}${targets.map((target) => target.label.padEnd(COLUMN)).join("")}ours/distribution  ours/distribution+htpasswd`);
  for (const scenario of scenarios) {
    const summaries = new Map(
      targets.map((target) => {
        const own = results.filter((result) => result.scenario === scenario && result.target === target.label);
        return [target.label, own.length ? summarise(own) : undefined] as const;
      }),
    );
    const unit = results.find((result) => result.scenario === scenario)!.unit;
    const ours = summaries.get("slipway");
    const ratio = (label: string) => {
      const theirs = summaries.get(label);
      return ours && theirs ? `${(ours.rate / theirs.rate).toFixed(2)}x` : "-";
    };
    console.log(`${scenario.padEnd(32)}${targets.map((target) => cell(summaries.get(target.label), unit).padEnd(COLUMN)).join("")}${ratio("distribution").padEnd(19)}${ratio("distribution+htpasswd")}`);
  }
}

type Backend = "filesystem" | "s3";

function parseBackends(argv: string[]): Backend[] {
  const index = argv.indexOf("--backend");
  const value = index === -1 ? "all" : argv[index + 1];
  if (value === "filesystem" || value === "s3") return [value];
  if (value === "all") return ["filesystem", "s3"];
  throw new BenchOptionError(`--backend must be filesystem, s3 or all, not ${JSON.stringify(value)}`);
}

const ROWS = ["manifest", "small", "large", "many", "raw"] as const;
type Row = (typeof ROWS)[number];

/** `--only <row>`: one row of the table, or null for all of them. */
function parseOnly(argv: string[]): Row | null {
  const index = argv.indexOf("--only");
  if (index === -1) return null;
  const value = argv[index + 1];
  if (ROWS.includes(value as Row)) return value as Row;
  throw new BenchOptionError(`--only must be one of ${ROWS.join(", ")}, not ${JSON.stringify(value ?? "")}`);
}

interface BenchContext {
  database: BenchDatabase;
  work: string;
  account: BenchAccount;
  skopeo: SkopeoEnvironment;
  rawFile: string;
  runs: number;
  only: Row | null;
}

/** Runs every scenario against Slipway and distribution on one storage backend and prints its table. */
async function benchBackend(context: BenchContext, backend: Backend): Promise<void> {
  const children: ChildProcess[] = [];
  const stoppers: (() => Promise<void>)[] = [];
  let rgw: CephRgw | null = null;
  try {
    let ourS3: RgwStorage | null = null;
    let theirS3: RgwStorage | null = null;
    if (backend === "s3") {
      rgw = await startCephRgw({ memstoreBytes: 12 * 1024 ** 3 });
      [ourS3, theirS3] = [await createRgwStorage(rgw, "slipway-bench"), await createRgwStorage(rgw, "distribution-bench")];
    }
    const ours = await startOurs(context.database, path.join(context.work, `slipway-data-${backend}`), context.account, ourS3);
    children.push(ours.child);
    const targets = [ours.target];
    if (existsSync(DISTRIBUTION) && !process.argv.includes("--no-distribution")) {
      const distribution = await startDistribution(context.work, theirS3);
      children.push(distribution.child);
      targets.push(distribution.target);
      if (!context.only || context.only === "manifest") {
        // The second reference for the manifest rows: distribution checking Basic credentials (bcrypt htpasswd) on every request.
        const basic = await startDockerRegistry({ dir: context.work, storageDir: path.join(context.work, `htpasswd-data-${backend}`), auth: { kind: "htpasswd", username: "bench", password: "bench" } });
        stoppers.push(basic.stop);
        targets.push({ label: "distribution+htpasswd", host: basic.endpoint, credentials: "bench:bench", namespace: "bench", pid: basic.pid, basic: true, isManifestOnly: true });
      }
    } else {
      console.log("docker-registry not used; only Slipway's figures follow");
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    // One small push to each server first (not measured): a running registry is warm, and
    // Slipway's first requests would otherwise time V8 compiling the upload path.
    for (const target of targets) {
      const layout = path.join(context.work, `${target.label}-warm-up-${backend}`);
      await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: SMALL_IMAGE_LAYERS });
      await skopeoCopy(context.skopeo, `oci:${layout}:v1`, imageReference(target, `warm-up-${backend}`, "v1"), target.credentials);
      await rm(layout, { recursive: true, force: true });
    }
    const results: Result[] = [];
    overallPeakMiB = 0;
    storeGetRates.length = 0;
    for (let run = 0; run < context.runs; run += 1) {
      const add = (batch: Result[]) => {
        printEachRun(run, batch);
        results.push(...batch);
      };
      // The small pushes alternate between the registries push by push (benchSmallPushes).
      const pushTargets = targets.filter((target) => !target.isManifestOnly);
      if (!context.only || context.only === "small") add(await benchSmallPushes(context.skopeo, context.work, run % 2 === 0 ? pushTargets : [...pushTargets].reverse(), backend, run));
      // Every other run the other registry goes first: on these VMs a server that writes
      // after memory was freed writes faster (docs/registry-performance-log.md, "fourth
      // look"), so no side keeps the same place in the sequence.
      for (const target of run % 2 === 0 ? targets : [...targets].reverse()) {
        if (!context.only || context.only === "manifest") add(await benchManifests(context.skopeo, context.work, target, backend, run));
        if (target.isManifestOnly) continue;
        if (!context.only || context.only === "large") add(await benchImage(context.skopeo, context.work, target, `large-3x100mib-${backend}`, LARGE_LAYERS, run));
        if (!context.only || context.only === "many") add(await benchImage(context.skopeo, context.work, target, `many-200x16kib-${backend}`, SMALL_LAYERS, run));
        if (!context.only || context.only === "raw") add(await benchRawBlob(target, context.rawFile, run, ourS3));
        console.log(`${backend}: run ${run + 1}/${context.runs} done for ${target.label}`);
      }
    }
    console.log(`\nstorage: ${backend === "s3" ? "S3 (one-node Ceph RGW 16 on memstore, both registries on the same RGW)" : "filesystem"}`);
    report(results, targets);
    if (storeGetRates.length) {
      console.log(`the store's own rate for that GET (curl on a presigned URL, right after ours): ${median(storeGetRates).toFixed(1)} MiB/s (median of ${storeGetRates.length}: ${storeGetRates.map((rate) => rate.toFixed(0)).join(", ")})`);
    }
    const peaks = results.map((result) => result.peakRssMiB).filter((peak): peak is number => typeof peak === "number");
    if (peaks.length) console.log(`\npeak resident memory of Slipway's registry process during the 1 GiB PUT: ${Math.max(...peaks).toFixed(0)} MiB (worst of ${peaks.length})`);
    await resetPeakRss(ours.target.pid);
    console.log(`peak resident memory of Slipway's registry process over the whole ${backend} benchmark: ${overallPeakMiB.toFixed(0)} MiB`);
  } finally {
    await Promise.all([...children.map((child) => stopBenchChild(child)), ...stoppers.map((stop) => stop())]);
    await rgw?.stop();
  }
}

async function main(): Promise<void> {
  const runs = readWholeNumberOption(process.argv, "--runs", DEFAULT_RUNS, 10);
  const backends = parseBackends(process.argv);
  const only = parseOnly(process.argv);
  const database = await openBenchDatabase();
  const databaseUrl = database.url;
  const work = await mkdtemp(path.join(tmpdir(), "slipway-bench-"));
  let account: BenchAccount | null = null;
  try {
    account = await createBenchAccount(databaseUrl);
    const skopeo = await prepareSkopeo(work);
    const rawFile = path.join(work, "raw.bin");
    await writeRandomFile(rawFile, RAW_BLOB_BYTES);
    for (const backend of backends) await benchBackend({ database, work, account, skopeo, rawFile, runs, only }, backend);
    console.log(`figures: median of ${runs} run(s) per scenario; push and pull with skopeo --preserve-digests; server CPU from /proc; load average now ${loadavg().map((load) => load.toFixed(2)).join(" ")}`);
  } finally {
    if (account) await removeBenchAccount(databaseUrl, account).catch(() => undefined);
    await database.stop();
    await rm(work, { recursive: true, force: true });
  }
}

runBenchScript(serve, main);
