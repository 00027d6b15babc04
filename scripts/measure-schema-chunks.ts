/**
 * What the release editor fetches for Kubernetes schemas, in the production build
 * (`node --import tsx scripts/measure-schema-chunks.ts`, after `next build`; not a test).
 * Starts the portal (scripts/start.ts) on a spare loopback port with a scratch data
 * folder, signs up, opens the editor in headless Chromium, then types a Deployment and a
 * Service and records the JavaScript fetched from then until their schema diagnostics
 * show: those are the two kinds' validators, loaded on demand. Sizes are gzip level 9 of
 * each chunk, as for the first-load figure. Stops everything it started.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import { container, deployment } from "@/lib/releases/test-fixtures";

const RELEASE = `${deployment("web", container("web", "redis:7.2"), { replicas: "two", pullSecret: false })}---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: Balanced
  selector: {app: web}
  ports: [{port: 80}]
`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitForPortal(url: string, portal: { exitCode: number | null }): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (portal.exitCode !== null) throw new Error(`the portal exited with code ${portal.exitCode} while starting`);
    try {
      if ((await fetch(`${url}/sign-in`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the portal did not start at ${url}`);
}

async function main(): Promise<void> {
  const port = await freePort();
  const url = `http://localhost:${port}`;
  // Under the project like the e2e data: embedded PostgreSQL runs as its own user and must reach it.
  const dataDir = path.resolve(".test-data", `schema-chunks-${process.pid}`);
  mkdirSync(dataDir, { recursive: true });
  const portal = spawn(process.execPath, ["--import", "tsx", "scripts/start.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, DATABASE_URL: "", SIGNUP: "open" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || "/usr/bin/chromium";
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}`);
  const browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"] });
  try {
    await waitForPortal(url, portal);
    const page = await browser.newPage({ baseURL: url });
    const account = { email: `bench-${Date.now()}@example.test`, password: "bench-password-long", name: "Bench", team: "Bench" };
    await page.request.post("/api/v1/users", { data: account });
    const { csrfToken } = await (await page.request.get("/api/auth/csrf")).json();
    await page.request.post("/api/auth/callback/credentials", { form: { csrfToken, email: account.email, password: account.password, json: "true" } });
    const app = await (await page.request.post("/api/v1/apps", { data: { name: "Bench" } })).json();
    const fetched: { url: string; gzip: number }[] = [];
    let isTyping = false;
    page.on("response", async (response) => {
      if (!isTyping || !response.url().includes("/_next/static/chunks/")) return;
      fetched.push({ url: response.url(), gzip: gzipSync(await response.body(), { level: 9 }).length });
    });
    await page.goto(`/apps/${app.app.slug}/releases/new`);
    await page.locator(".cm-content").click();
    isTyping = true;
    const start = Date.now();
    await page.keyboard.insertText(RELEASE);
    await page.getByText(/spec\.type must be one of/).first().waitFor();
    await page.getByText(/spec\.replicas must be an integer/).first().waitFor();
    const ms = Date.now() - start;
    const total = fetched.reduce((sum, chunk) => sum + chunk.gzip, 0);
    console.log(`Deployment + Service schemas: ${fetched.length} chunks, ${(total / 1024).toFixed(1)} KiB gzip, fetched on first use; their diagnostics showed ${ms} ms after the text was typed`);
  } finally {
    await browser.close();
    if (portal.exitCode === null) {
      portal.kill("SIGTERM");
      await new Promise((resolve) => portal.once("exit", resolve));
    }
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
