/**
 * Registry benchmark (not a test): pushes and pulls with skopeo against Slipway's
 * registry and, when Debian's docker-registry (CNCF distribution) is installed, against
 * it on another loopback port in the same run; then times a raw monolithic PUT and a GET
 * of a 1 GiB blob. Prints MiB/s per scenario and the ratio ours/distribution.
 *
 *   npm run bench:registry -- [--runs N] [--no-distribution] [--only large|many|raw] [--backend filesystem|s3|all]
 *
 * Two storage backends, one after the other in the same run (default: all): the
 * filesystem, and S3 on a one-node Ceph RGW started for the run (lib/test/ceph-rgw.ts),
 * where distribution uses its own s3 storage driver on the same RGW (another bucket).
 * Both stream blob downloads (distribution's redirects are disabled, as ours are by default).
 *
 * Fresh content is generated for every measured run (generation is not timed). Our
 * registry runs in a child process so its peak resident memory can be reported. With no
 * DATABASE_URL a temporary embedded PostgreSQL is started and removed afterwards.
 * Distribution runs without authentication (its fastest setup); ours uses token auth.
 * Ours enforces the upload limits `npm start` does (team quota, largest blob, free-space
 * reserve, session caps); `BENCH_UPLOAD_LIMITS=0` turns them off, to measure their cost.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { createReadStream, existsSync } from "node:fs";
import { mkdtemp, open, readFile, rm, writeFile } from "node:fs/promises";
import { request, type IncomingMessage } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { grantRegistryActions, listPullableAppSlugs } from "@/lib/auth/registry-access";
import { authenticateRegistryBasic } from "@/lib/auth/registry-credentials";
import { hashPassword } from "@/lib/auth/password";
import { createPrismaClient } from "@/lib/db/client";
import { findFreePort } from "@/lib/db/embedded-postgres";
import { createRegistryHandler } from "@/lib/registry/http";
import { writeImageLayout } from "@/lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "@/lib/registry/http/test-skopeo";
import { resolveUploadLimits } from "@/lib/registry/services/upload-limits";
import { createStorageDriver, resolveStorageSettings } from "@/lib/registry/storage/storage-settings";
import { createRgwStorage, startCephRgw, type CephRgw, type RgwStorage } from "@/lib/test/ceph-rgw";
import { openBenchDatabase } from "./lib/bench-database";

const DISTRIBUTION = "/usr/bin/docker-registry";
const MIB = 1024 * 1024;
const LARGE_LAYERS = [100 * MIB, 100 * MIB, 100 * MIB];
const SMALL_LAYERS = Array.from({ length: 200 }, () => 16 * 1024);
const RAW_BLOB_BYTES = 1024 * MIB;

interface Target {
  label: string;
  host: string;
  credentials: string;
  /** The repository namespace: our bench application's slug. */
  namespace: string;
  pid?: number;
}

interface Result {
  scenario: string;
  target: string;
  bytes: number;
  seconds: number;
  /** Peak resident memory of the server process during this scenario (Slipway only). */
  peakRssMiB?: number | null;
}

function parseRuns(argv: string[]): number {
  const index = argv.indexOf("--runs");
  const runs = index === -1 ? 2 : Number(argv[index + 1]);
  return Number.isInteger(runs) && runs > 0 && runs <= 10 ? runs : 2;
}

async function waitForLine(child: ChildProcess, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve, reject) => {
    let buffer = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      buffer += chunk.toString();
      const match = pattern.exec(buffer);
      if (match) resolve(match);
    });
    child.on("exit", (code) => reject(new Error(`child exited with ${code} before it was ready: ${buffer}`)));
  });
}

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
  const handler = createRegistryHandler({
    prisma: createPrismaClient(process.env.DATABASE_URL!),
    storage: createStorageDriver(resolveStorageSettings()),
    tokenSecret: process.env.BENCH_TOKEN_SECRET!,
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    ...(process.env.BENCH_UPLOAD_LIMITS === "0" ? {} : { uploadLimits: resolveUploadLimits(resolveStorageSettings()) }),
  });
  const server = createServer((req, res) => void handler(req, res));
  server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
}

/** Starts Slipway's registry in a child process (this script with --serve). */
async function startOurs(databaseUrl: string, storageDir: string, account: BenchAccount, s3: RgwStorage | null): Promise<{ target: Target; child: ChildProcess }> {
  const storageEnv = s3 ? s3.env : { REGISTRY_STORAGE: "filesystem", REGISTRY_STORAGE_DIR: storageDir };
  // With the Node settings `npm start` uses, so the peak memory is the one production sees.
  const child = spawn(process.execPath, ["--max-semi-space-size=4", "--import", "tsx", path.join("scripts", "bench-registry.ts"), "--serve"], {
    env: { ...process.env, MALLOC_ARENA_MAX: process.env.MALLOC_ARENA_MAX ?? "2", DATABASE_URL: databaseUrl, ...storageEnv, BENCH_TOKEN_SECRET: randomBytes(32).toString("hex") },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const match = await waitForLine(child, /READY (\d+)/);
  return { target: { label: "slipway", host: `127.0.0.1:${match[1]}`, credentials: account.credentials, namespace: account.slug, pid: child.pid }, child };
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
  await writeFile(
    config,
    [
      "version: 0.1",
      "log:",
      "  level: error",
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
  // With AWS_CA_BUNDLE set its s3 driver refuses to start ("HTTPClient's transport unsupported type").
  const env = { ...process.env };
  delete env.AWS_CA_BUNDLE;
  const child = spawn(DISTRIBUTION, ["serve", config], { stdio: "ignore", env });
  const host = `127.0.0.1:${port}`;
  await waitForHttp(host);
  return { target: { label: "distribution", host, credentials: "bench:bench", namespace: "bench", pid: child.pid }, child };
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/** Pushes then pulls a freshly generated image; returns both timings. */
async function benchImage(skopeo: SkopeoEnvironment, dir: string, target: Target, label: string, layers: number[], run: number): Promise<Result[]> {
  const source = path.join(dir, `${target.label}-${label}-${run}`);
  const copy = `${source}-pulled`;
  await writeImageLayout(source, "v1", { os: "linux", architecture: "amd64", layerSizes: layers });
  const reference = `docker://${target.host}/${target.namespace}/${label}-${run}:v1`;
  const bytes = layers.reduce((sum, size) => sum + size, 0);
  const push = await timed(() => skopeoCopy(skopeo, `oci:${source}:v1`, reference, target.credentials));
  const pull = await timed(() => skopeoCopy(skopeo, reference, `oci:${copy}:v1`, target.credentials));
  await rm(source, { recursive: true, force: true });
  await rm(copy, { recursive: true, force: true });
  return [
    { scenario: `push ${label}`, target: target.label, bytes, seconds: push },
    { scenario: `pull ${label}`, target: target.label, bytes, seconds: pull },
  ];
}

async function fetchBearer(target: Target, name: string): Promise<string | null> {
  const probe = await fetch(`http://${target.host}/v2/`);
  if (probe.status !== 401) return null;
  const query = new URLSearchParams({ service: target.host, scope: `repository:${name}:pull,push` });
  const response = await fetch(`http://${target.host}/v2/token?${query}`, { headers: { Authorization: `Basic ${Buffer.from(target.credentials).toString("base64")}` } });
  return ((await response.json()) as { token: string }).token;
}

function send(options: Parameters<typeof request>[1] & { url: string }, body?: () => NodeJS.ReadableStream): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(options.url, options, resolve);
    req.on("error", reject);
    if (body) pipeline(body(), req).catch(reject);
    else req.end();
  });
}

/** Monolithic POST + PUT of the 1 GiB file (with a fresh prefix), then a GET of it. */
async function benchRawBlob(target: Target, file: string, run: number): Promise<Result[]> {
  const name = `${target.namespace}/raw-${run}`;
  const prefix = randomBytes(64);
  const hash = createHash("sha256").update(prefix);
  for await (const chunk of createReadStream(file, { highWaterMark: MIB })) hash.update(chunk as Buffer);
  const digest = `sha256:${hash.digest("hex")}`;
  const token = await fetchBearer(target, name);
  const auth: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  const base = `http://${target.host}/v2/${name}`;
  const start = await send({ url: `${base}/blobs/uploads/`, method: "POST", headers: auth });
  start.resume();
  const location = new URL(start.headers.location!, `http://${target.host}`);
  location.searchParams.set("digest", digest);
  const total = prefix.length + RAW_BLOB_BYTES;
  async function* body() {
    yield prefix;
    yield* createReadStream(file, { highWaterMark: MIB });
  }
  await resetPeakRss(target.pid);
  const put = await timed(async () => {
    const response = await send(
      { url: location.toString(), method: "PUT", headers: { ...auth, "Content-Length": String(total), "Content-Type": "application/octet-stream" } },
      () => Readable.from(body()),
    );
    response.resume();
    if (response.statusCode !== 201) throw new Error(`PUT answered ${response.statusCode}`);
  });
  const peakRssMiB = target.label === "slipway" ? await readPeakRss(target.pid) : null;
  const get = await timed(async () => {
    const response = await send({ url: `${base}/blobs/${digest}`, method: "GET", headers: auth });
    for await (const chunk of response) void chunk;
  });
  return [
    { scenario: "raw PUT 1 GiB", target: target.label, bytes: total, seconds: put, peakRssMiB },
    { scenario: "raw GET 1 GiB", target: target.label, bytes: total, seconds: get },
  ];
}

async function writeRandomFile(file: string, bytes: number): Promise<void> {
  const handle = await open(file, "w");
  try {
    const pattern = randomBytes(64 * MIB);
    for (let written = 0; written < bytes; written += pattern.length) await handle.write(pattern, 0, Math.min(pattern.length, bytes - written));
  } finally {
    await handle.close();
  }
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

function report(results: Result[], targets: Target[]): void {
  const best = new Map<string, Result>();
  for (const result of results) {
    const key = `${result.scenario}\u0000${result.target}`;
    const known = best.get(key);
    if (!known || result.seconds < known.seconds) best.set(key, result);
  }
  const scenarios = [...new Set(results.map((result) => result.scenario))];
  const rate = (result: Result | undefined) => (result ? result.bytes / MIB / result.seconds : null);
  console.log(`\n${"scenario".padEnd(24)}${targets.map((target) => `${target.label} MiB/s (s)`.padStart(26)).join("")}   ours/distribution`);
  for (const scenario of scenarios) {
    const cells = targets.map((target) => {
      const result = best.get(`${scenario}\u0000${target.label}`);
      return (result ? `${rate(result)!.toFixed(1)} (${result.seconds.toFixed(2)})` : "-").padStart(26);
    });
    const ours = rate(best.get(`${scenario}\u0000slipway`));
    const theirs = rate(best.get(`${scenario}\u0000distribution`));
    console.log(`${scenario.padEnd(24)}${cells.join("")}   ${ours && theirs ? `${(ours / theirs).toFixed(2)}x` : "-"}`);
  }
}

type Backend = "filesystem" | "s3";

function parseBackends(argv: string[]): Backend[] {
  const index = argv.indexOf("--backend");
  const value = index === -1 ? "all" : argv[index + 1];
  if (value === "filesystem" || value === "s3") return [value];
  if (value === "all") return ["filesystem", "s3"];
  throw new Error(`--backend must be filesystem, s3 or all, not ${JSON.stringify(value)}`);
}

interface BenchContext {
  databaseUrl: string;
  work: string;
  account: BenchAccount;
  skopeo: SkopeoEnvironment;
  rawFile: string;
  runs: number;
  only: string | null;
}

/** Runs every scenario against Slipway and distribution on one storage backend and prints its table. */
async function benchBackend(context: BenchContext, backend: Backend): Promise<void> {
  const children: ChildProcess[] = [];
  let rgw: CephRgw | null = null;
  try {
    let ourS3: RgwStorage | null = null;
    let theirS3: RgwStorage | null = null;
    if (backend === "s3") {
      rgw = await startCephRgw({ memstoreBytes: 12 * 1024 ** 3 });
      [ourS3, theirS3] = [await createRgwStorage(rgw, "slipway-bench"), await createRgwStorage(rgw, "distribution-bench")];
    }
    const ours = await startOurs(context.databaseUrl, path.join(context.work, `slipway-data-${backend}`), context.account, ourS3);
    children.push(ours.child);
    const targets = [ours.target];
    if (existsSync(DISTRIBUTION) && !process.argv.includes("--no-distribution")) {
      const distribution = await startDistribution(context.work, theirS3);
      children.push(distribution.child);
      targets.push(distribution.target);
    } else {
      console.log("docker-registry not used; only Slipway's figures follow");
    }
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const results: Result[] = [];
    overallPeakMiB = 0;
    for (let run = 0; run < context.runs; run += 1) {
      for (const target of targets) {
        if (!context.only || context.only === "large") results.push(...(await benchImage(context.skopeo, context.work, target, `large-3x100mib-${backend}`, LARGE_LAYERS, run)));
        if (!context.only || context.only === "many") results.push(...(await benchImage(context.skopeo, context.work, target, `many-200x16kib-${backend}`, SMALL_LAYERS, run)));
        if (!context.only || context.only === "raw") results.push(...(await benchRawBlob(target, context.rawFile, run)));
        console.log(`${backend}: run ${run + 1}/${context.runs} done for ${target.label}`);
      }
    }
    console.log(`\nstorage: ${backend === "s3" ? "S3 (one-node Ceph RGW 16 on memstore, both registries on the same RGW)" : "filesystem"}`);
    report(results, targets);
    const peaks = results.map((result) => result.peakRssMiB).filter((peak): peak is number => typeof peak === "number");
    if (peaks.length) console.log(`\npeak resident memory of Slipway's registry process during the 1 GiB PUT: ${Math.max(...peaks).toFixed(0)} MiB (worst of ${peaks.length})`);
    await resetPeakRss(ours.target.pid);
    console.log(`peak resident memory of Slipway's registry process over the whole ${backend} benchmark: ${overallPeakMiB.toFixed(0)} MiB`);
  } finally {
    for (const child of children) child.kill("SIGTERM");
    await rgw?.stop();
  }
}

async function main(): Promise<void> {
  const runs = parseRuns(process.argv);
  const backends = parseBackends(process.argv);
  const database = await openBenchDatabase();
  const databaseUrl = database.url;
  const work = await mkdtemp(path.join(tmpdir(), "slipway-bench-"));
  let account: BenchAccount | null = null;
  try {
    account = await createBenchAccount(databaseUrl);
    const skopeo = await prepareSkopeo(work);
    const rawFile = path.join(work, "raw.bin");
    await writeRandomFile(rawFile, RAW_BLOB_BYTES);
    const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1]! : null;
    for (const backend of backends) await benchBackend({ databaseUrl, work, account, skopeo, rawFile, runs, only }, backend);
    console.log(`figures: best of ${runs} run(s) per scenario; push and pull with skopeo ${"--preserve-digests"}`);
  } finally {
    if (account) await removeBenchAccount(databaseUrl, account).catch(() => undefined);
    await database.stop();
    await rm(work, { recursive: true, force: true });
  }
}

(process.argv.includes("--serve") ? serve() : main()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
