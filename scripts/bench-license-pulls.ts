/**
 * License pull benchmark (not a test): what the pull ledger costs. Manifest GETs with a
 * license token, 16 keep-alive connections for 10 s, against the registry handler with
 * and without the ledger; each variant runs 5 times (alternating which goes first) and
 * the medians are compared, as is the median of each pair's ratio (steadier when other
 * work on the machine drifts). Issue 9's target: the ledger costs at most 10%. Each run
 * first times 200 license token requests in a row (what every customer pull starts with).
 *
 *   npm run bench:license-pulls -- [--runs N] [--seconds S]
 *
 * The registry runs in a child process (this script with --serve) wired as
 * scripts/lib/mount-registry.ts wires it: license sign-in, the license re-check (10 s
 * cache) and, in one variant, the pull ledger. The child writes its queued rows when
 * stopped, and the rows written are counted against the requests answered. With no
 * DATABASE_URL a temporary embedded PostgreSQL is started and removed afterwards; the
 * benchmark's team (and with it every row it made) is deleted at the end. Loopback only.
 */
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { grantRegistryActions, listPullableAppSlugs } from "@/lib/auth/registry-access";
import { authenticateRegistryBasic } from "@/lib/auth/registry-credentials";
import { checkLicenseStanding } from "@/lib/customers/license-auth";
import { createPullLedger } from "@/lib/customers/pull-ledger";
import { createTestCustomer } from "@/lib/customers/test-support/create-test-customer";
import { createPrismaClient, prisma } from "@/lib/db/client";
import { buildImageManifest, ensureSeedRepository, seedManifest } from "@/lib/images/test-support/seed-images";
import { createRegistryHandler } from "@/lib/registry/http";
import { FilesystemStorageDriver } from "@/lib/registry/storage/fs-driver";
import { runBenchScript, startBenchChild, stopBenchChild } from "./lib/bench-child";
import { openBenchDatabase } from "./lib/bench-database";
import { readWholeNumberOption } from "./lib/bench-options";
import { median, percentile } from "./lib/median";

const CONNECTIONS = 16;
const WARMUP_SECONDS = 2;
const TARGET_RATIO = 0.9;
/** License token requests timed per run, before the load (the ledger plays no part in them). */
const TOKEN_REQUESTS = 200;

interface BenchSetup {
  teamId: string;
  customerId: string;
  licenseId: string;
  repository: string;
  digest: string;
}

interface RunResult {
  variant: "ledger" | "no ledger";
  requests: number;
  seconds: number;
  rowsWritten: number | null;
  tokens: { median: number; p90: number };
}

/** Child mode: the registry handler alone on a loopback port; BENCH_LEDGER=on adds the pull ledger. */
async function serve(): Promise<void> {
  const ledger = process.env.BENCH_LEDGER === "on" ? createPullLedger({ prisma, pruneIntervalMs: 0, logger: console }) : null;
  const storageDir = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-license-"));
  const handler = createRegistryHandler({
    prisma,
    storage: new FilesystemStorageDriver(storageDir),
    tokenSecret: process.env.BENCH_TOKEN_SECRET!,
    authenticateBasic: authenticateRegistryBasic,
    grantActions: grantRegistryActions,
    listPullableAppSlugs,
    checkLicense: checkLicenseStanding,
    recordPull: ledger ? (event) => ledger.record(event) : undefined,
    logger: { info: () => undefined, warn: console.warn, error: console.error },
  });
  const server = createServer((req, res) => void handler(req, res));
  process.on("SIGTERM", () => {
    server.close();
    void (ledger?.close() ?? Promise.resolve())
      .then(() => rm(storageDir, { recursive: true, force: true }))
      .finally(() => process.exit(0));
  });
  server.listen(0, "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`));
}

/** Starts the child registry and resolves with its port. */
function startServer(databaseUrl: string, withLedger: boolean): Promise<{ child: ChildProcess; port: number }> {
  return startBenchChild("bench-license-pulls.ts", { DATABASE_URL: databaseUrl, BENCH_LEDGER: withLedger ? "on" : "off", BENCH_TOKEN_SECRET: randomBytes(32).toString("hex") });
}

/** The benchmark's own team, user, application, image (rows only) and customer. */
async function createSetup(databaseUrl: string): Promise<BenchSetup> {
  const db = createPrismaClient(databaseUrl);
  try {
    const suffix = randomBytes(4).toString("hex");
    const team = await db.team.create({ data: { name: `Bench licenses ${suffix}` } });
    const user = await db.user.create({ data: { email: `bench-licenses-${suffix}@example.test`, name: "Bench", passwordHash: "unused", memberships: { create: { teamId: team.id, role: "owner" } } } });
    const app = await db.app.create({ data: { slug: `bench-licenses-${suffix}`, name: "Bench licenses", teamId: team.id } });
    const repository = `${app.slug}/web`;
    const manifest = buildImageManifest({ seed: `bench-${suffix}`, layerSizes: [30_000_000, 2_000_000, 500_000] });
    await seedManifest(db, await ensureSeedRepository(db, app.id, repository), manifest, { tag: "1.0.0" });
    const customer = await createTestCustomer(db, { slug: app.slug, createdById: user.id, name: "Bench customer" });
    return { teamId: team.id, customerId: customer.id, licenseId: customer.licenseId, repository, digest: manifest.digest };
  } finally {
    await db.$disconnect();
  }
}

async function fetchLicenseToken(port: number, setup: BenchSetup): Promise<string> {
  const query = new URLSearchParams({ service: `127.0.0.1:${port}`, scope: `repository:${setup.repository}:pull` });
  const credentials = Buffer.from(`${setup.licenseId}:${setup.licenseId}`).toString("base64");
  const response = await fetch(`http://127.0.0.1:${port}/v2/token?${query}`, { headers: { Authorization: `Basic ${credentials}` } });
  if (response.status !== 200) throw new Error(`license token refused: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

/**
 * How long the token endpoint takes for a license, one request after another (a
 * customer's every `docker pull` starts with one): the median and 90th percentile in ms.
 */
async function timeLicenseTokens(port: number, setup: BenchSetup, count: number): Promise<{ median: number; p90: number }> {
  const times: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const started = performance.now();
    await fetchLicenseToken(port, setup);
    times.push(performance.now() - started);
  }
  return { median: median(times), p90: percentile(times, 0.9) };
}

/** CONNECTIONS loops of manifest GETs until `seconds` pass; resolves with how many were answered 200. */
async function load(port: number, token: string, setup: BenchSetup, seconds: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const headers = { Authorization: `Bearer ${token}`, Accept: "application/vnd.oci.image.manifest.v1+json", "User-Agent": "bench-license-pulls" };
  const deadline = performance.now() + seconds * 1000;
  let answered = 0;
  const getOnce = () =>
    new Promise<void>((resolve, reject) => {
      const req = request({ host: "127.0.0.1", port, path: `/v2/${setup.repository}/manifests/1.0.0`, headers, agent }, (res) => {
        res.resume();
        res.on("end", () => (res.statusCode === 200 ? resolve() : reject(new Error(`manifest GET answered ${res.statusCode}`))));
      });
      req.on("error", reject);
      req.end();
    });
  const loop = async () => {
    while (performance.now() < deadline) {
      await getOnce();
      answered += 1;
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, loop));
  agent.destroy();
  return answered;
}

async function runOnce(databaseUrl: string, setup: BenchSetup, withLedger: boolean, seconds: number): Promise<RunResult> {
  const before = withLedger ? await prisma.licensePull.count({ where: { customerId: setup.customerId } }) : 0;
  const { child, port } = await startServer(databaseUrl, withLedger);
  try {
    const token = await fetchLicenseToken(port, setup);
    const tokens = await timeLicenseTokens(port, setup, TOKEN_REQUESTS);
    const warmup = await load(port, token, setup, WARMUP_SECONDS);
    const started = performance.now();
    const requests = await load(port, token, setup, seconds);
    const elapsed = (performance.now() - started) / 1000;
    await stopBenchChild(child);
    const rowsWritten = withLedger ? (await prisma.licensePull.count({ where: { customerId: setup.customerId } })) - before - warmup : null;
    return { variant: withLedger ? "ledger" : "no ledger", requests, seconds: elapsed, rowsWritten, tokens };
  } finally {
    await stopBenchChild(child);
  }
}

function report(results: RunResult[]): void {
  const rate = (result: RunResult) => result.requests / result.seconds;
  console.log(`\n${"run".padEnd(12)}${"requests/s".padStart(12)}${"requests".padStart(10)}${"ledger rows".padStart(13)}`);
  for (const result of results) {
    console.log(`${result.variant.padEnd(12)}${rate(result).toFixed(0).padStart(12)}${String(result.requests).padStart(10)}${String(result.rowsWritten ?? "-").padStart(13)}`);
  }
  const plain = results.filter((result) => result.variant === "no ledger").map(rate);
  const ledger = results.filter((result) => result.variant === "ledger").map(rate);
  const ratio = median(ledger) / median(plain);
  const pairRatio = median(ledger.map((value, index) => value / plain[index]!));
  console.log(`\nmedian requests/s: without the ledger ${median(plain).toFixed(0)}, with it ${median(ledger).toFixed(0)}; ratio ${ratio.toFixed(3)}`);
  console.log(`median of the ${ledger.length} paired ratios (ledger / no ledger, same round): ${pairRatio.toFixed(3)}`);
  console.log(ratio >= TARGET_RATIO ? `target met (at least ${TARGET_RATIO})` : `target NOT met (at least ${TARGET_RATIO})`);
  const tokenTimes = results.map((result) => result.tokens);
  console.log(`license token, ${TOKEN_REQUESTS} in a row per run: median ${median(tokenTimes.map((time) => time.median)).toFixed(2)} ms, 90th percentile ${median(tokenTimes.map((time) => time.p90)).toFixed(2)} ms (medians over the runs)`);
  const lost = results.filter((result) => result.rowsWritten !== null && result.rowsWritten !== result.requests);
  console.log(lost.length === 0 ? "every measured request of the ledger runs has its row" : `rows missing in ${lost.length} ledger run(s)`);
}

async function main(): Promise<void> {
  const runs = readWholeNumberOption(process.argv, "--runs", 5, 10);
  const seconds = readWholeNumberOption(process.argv, "--seconds", 10, 60);
  const database = await openBenchDatabase();
  const databaseUrl = database.url;
  let setup: BenchSetup | null = null;
  try {
    process.env.DATABASE_URL = databaseUrl;
    setup = await createSetup(databaseUrl);
    const results: RunResult[] = [];
    for (let run = 0; run < runs; run += 1) {
      // Alternate which variant goes first, so a machine that warms up or slows down favours neither.
      for (const withLedger of run % 2 === 0 ? [false, true] : [true, false]) {
        const result = await runOnce(databaseUrl, setup, withLedger, seconds);
        console.log(`run ${run + 1}/${runs} ${result.variant}: ${(result.requests / result.seconds).toFixed(0)} requests/s`);
        results.push(result);
      }
    }
    report(results);
  } finally {
    // The application first: its customers (and their pulls) go with it, and then nothing holds the team's user.
    if (setup) await prisma.app.deleteMany({ where: { teamId: setup.teamId } }).then(() => prisma.team.delete({ where: { id: setup!.teamId } })).catch((error) => console.warn("cleanup failed:", error));
    await prisma.$disconnect();
    await database.stop();
  }
}

runBenchScript(serve, main);
