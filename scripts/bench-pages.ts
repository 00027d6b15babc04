/**
 * Pages benchmark (not a test): seeds one application with 50 repositories and 10,000
 * tags into a temporary PostgreSQL, starts the production server against it on a free
 * loopback port, and times the images page and the tags API: time to first byte and to
 * the complete response, median of 20 requests each after warm-up.
 *
 *   npm run bench:pages
 *
 * One repository holds most tags (the hard case); a tenth of the tags are two-platform
 * indexes with buildx attestations. The server is `scripts/start.ts` in a child process
 * (it builds first if the sources changed). Everything it starts is stopped at the end.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { Agent, request } from "node:http";
import os from "node:os";
import path from "node:path";
import { createApp } from "@/lib/apps/apps";
import { createAccessToken } from "@/lib/auth/access-tokens";
import { signUp } from "@/lib/auth/sign-up";
import { prisma } from "@/lib/db/client";
import { findFreePort, startTemporaryPostgres, type RunningPostgres } from "@/lib/db/embedded-postgres";
import { applyMigrations } from "@/lib/db/migrate";
import { seedManyTags } from "@/lib/images/test-support/seed-many-tags";

const PLAN = { repositories: 50, tags: 10_000, bigRepositoryTags: 9_020, indexEvery: 10 };
const WARMUP = 3;
const MEASURED = 20;
const TARGET_MS = 300;
const START_TIMEOUT_MS = 10 * 60 * 1000;
const EMAIL = "bench@example.test";
const PASSWORD = "benchmark password";

interface Timing {
  ttfb: number;
  total: number;
  status: number;
  bytes: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });

/** One GET on loopback: time to the response head, and to the last byte. */
function timeGet(port: number, pathname: string, headers: Record<string, string>): Promise<Timing> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = request({ host: "127.0.0.1", port, path: pathname, headers, agent }, (res) => {
      const ttfb = performance.now() - start;
      let bytes = 0;
      res.on("data", (chunk: Buffer) => (bytes += chunk.length));
      res.on("end", () => resolve({ ttfb, total: performance.now() - start, status: res.statusCode ?? 0, bytes }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end();
  });
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

async function measure(port: number, label: string, pathname: string, headers: Record<string, string>) {
  const timings: Timing[] = [];
  for (let run = 0; run < WARMUP + MEASURED; run += 1) {
    const timing = await timeGet(port, pathname, headers);
    if (timing.status !== 200) throw new Error(`${label}: GET ${pathname} answered ${timing.status}`);
    if (run >= WARMUP) timings.push(timing);
  }
  return { label, ttfb: median(timings.map((t) => t.ttfb)), total: median(timings.map((t) => t.total)), bytes: timings[0]!.bytes };
}

function startServer(env: NodeJS.ProcessEnv, log: string[]): ChildProcess {
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], { env, stdio: ["ignore", "pipe", "pipe"] });
  const keep = (chunk: Buffer) => log.push(...chunk.toString().split("\n").filter(Boolean));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  return child;
}

async function waitUntilReady(port: number, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with code ${child.exitCode}`);
    const ok = await timeGet(port, "/sign-in", {}).then((t) => t.status === 200, () => false);
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error("the server did not become ready in time");
}

async function stopServer(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

/** The cursor `pages` pages of 200 deep into the big repository's tags, to time a page far from the top. */
async function findDeepCursor(port: number, pathname: string, bearer: Record<string, string>, pages: number): Promise<string> {
  let cursor = "";
  for (let page = 0; page < pages; page += 1) {
    const res = await fetch(`http://127.0.0.1:${port}${pathname}?limit=200${cursor ? `&cursor=${cursor}` : ""}`, { headers: bearer });
    const body = (await res.json()) as { nextCursor: string | null };
    if (!body.nextCursor) break;
    cursor = body.nextCursor;
  }
  return cursor;
}

/** Signs in through next-auth's credentials callback and returns the Cookie header of the session. */
async function signIn(port: number): Promise<string> {
  const base = `http://127.0.0.1:${port}`;
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const csrfCookies = csrf.headers.getSetCookie().map((cookie) => cookie.split(";")[0]);
  const res = await fetch(`${base}/api/auth/callback/credentials`, {
    method: "POST",
    redirect: "manual",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookies.join("; ") },
    body: new URLSearchParams({ csrfToken, email: EMAIL, password: PASSWORD, json: "true" }),
  });
  const session = res.headers.getSetCookie().map((cookie) => cookie.split(";")[0]!).find((cookie) => cookie.includes("next-auth.session-token="));
  if (!session) throw new Error(`sign-in failed (${res.status})`);
  return session;
}

async function seed(url: string) {
  process.env.DATABASE_URL = url;
  const principal = await signUp({ email: EMAIL, password: PASSWORD, name: "Bench", team: "Bench team" });
  const app = await createApp(principal, { name: "Bench shop", slug: "bench-shop" });
  const { token } = await createAccessToken(principal.userId, "bench");
  const started = performance.now();
  const seeded = await seedManyTags(prisma, app, PLAN);
  console.log(`seeded ${PLAN.repositories} repositories, ${PLAN.tags} tags, ${seeded.manifests} manifests in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  await prisma.$disconnect();
  return { slug: app.slug, token, bigRepository: seeded.bigRepository };
}

async function run(postgres: RunningPostgres, dataDir: string, log: string[]) {
  await applyMigrations(postgres.connectionString);
  const { slug, token, bigRepository } = await seed(postgres.connectionString);
  const port = await findFreePort();
  const env = { ...process.env, DATABASE_URL: postgres.connectionString, DATA_DIR: dataDir, PORT: String(port), HOST: "127.0.0.1", NEXTAUTH_URL: `http://localhost:${port}` };
  const child = startServer(env, log);
  try {
    await waitUntilReady(port, child);
    const cookie = await signIn(port);
    const bearer = { authorization: `Bearer ${token}` };
    const tagsPath = `/api/v1/apps/${slug}/images/${bigRepository}/tags`;
    const deepCursor = await findDeepCursor(port, tagsPath, bearer, 25);
    const results = [
      await measure(port, "images page (HTML)", `/apps/${slug}/images`, { cookie }),
      await measure(port, "tags API, first page", tagsPath, bearer),
      await measure(port, "tags API, page ~5,000 tags deep", `${tagsPath}?cursor=${deepCursor}`, bearer),
      await measure(port, "repositories API", `/api/v1/apps/${slug}/images`, bearer),
      await measure(port, `tags page (HTML, ${PLAN.bigRepositoryTags} tags)`, `/apps/${slug}/images/${bigRepository}`, { cookie }),
      await measure(port, "tags API, search", `${tagsPath}?q=1.42`, bearer),
    ];
    printTable(results);
  } finally {
    await stopServer(child);
  }
}

function printTable(results: { label: string; ttfb: number; total: number; bytes: number }[]): void {
  const cpus = os.cpus();
  console.log(`machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}; ${WARMUP} warm-up + ${MEASURED} measured requests each`);
  console.log(`${"request".padEnd(36)} ${"TTFB (median)".padStart(14)} ${"complete (median)".padStart(18)} ${"bytes".padStart(9)}`);
  for (const result of results) {
    console.log(`${result.label.padEnd(36)} ${`${result.ttfb.toFixed(1)} ms`.padStart(14)} ${`${result.total.toFixed(1)} ms`.padStart(18)} ${String(result.bytes).padStart(9)}`);
  }
  const required = results.slice(0, 2);
  console.log(`target: images page and tags API complete under ${TARGET_MS} ms median: ${required.every((r) => r.total < TARGET_MS) ? "met" : "NOT met"}`);
}

async function main() {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "slipway-bench-pages-"));
  const log: string[] = [];
  const postgres = await startTemporaryPostgres();
  try {
    await run(postgres, dataDir, log);
  } catch (error) {
    console.error(log.slice(-40).join("\n"));
    throw error;
  } finally {
    agent.destroy();
    await postgres.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error("[bench:pages] failed:", error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
