/**
 * Benchmark of the pure release preview (`npm run bench:preview`): a generated
 * release of 100 documents (about 3,000 lines) mixing this application's, external
 * and public images. Not a test; prints median and 95th percentile per scenario,
 * first in Node (the API), then in headless Chromium (the editor's live preview, the
 * module bundled with esbuild for the browser as Next.js bundles it). `--node-only`
 * skips the browser; PLAYWRIGHT_CHROMIUM_EXECUTABLE picks another Chromium.
 *
 * - cold: every document's text is new each run, so nothing comes from the parse cache
 *   (the honest worst case, e.g. the first preview of a pasted release);
 * - typing: one document changes per run, as when the vendor edits in the browser;
 * - unchanged: the same text again.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import { previewRelease } from "@/lib/releases";
import type { ReleaseContext } from "@/lib/releases";

const DOCUMENTS = 100;
const WARMUP_RUNS = 10;
const MEASURED_RUNS = 50;
const TARGET_MEDIAN_MS = 30;

const context: ReleaseContext = {
  registryHost: "registry.example.com",
  appSlug: "myapp",
  externalRegistries: [{ name: "mythirdpartyprivateregistry", endpoint: "quay.io" }],
};

function generateConfig(services: number): string {
  const entries = [];
  for (let i = 0; i < services; i++) {
    entries.push(`  - source: replicated\n    name: service-${i}\n    tag: 1.0.${i}`);
    entries.push(`  - source: mythirdpartyprivateregistry\n    name: namespace/imagename-${i}\n    tag: 2.0.0`);
  }
  entries.push("  - source: public\n    name: redis\n    tag: 3.2-alpine");
  return `# release config\nimages:\n${entries.join("\n")}`;
}

function generateDeployment(i: number, revision: number): string {
  return `# service ${i}, revision ${revision}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  labels:
    app: service-${i}
  annotations:
    example.com/owner: team-${i % 5}
spec:
  replicas: 2
  strategy:
    type: RollingUpdate
  selector:
    matchLabels:
      app: service-${i}
  template:
    metadata:
      labels:
        app: service-${i}
    spec:
      imagePullSecrets:
        - name: replicatedregistrykey
      initContainers:
        - name: migrate
          image: quay.io/namespace/imagename-${i}:2.0.0
      containers:
        - name: app
          image: registry.example.com/myapp/service-${i}:1.0.${i}
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          env:
            - name: REDIS_URL
              value: "redis://cache-${i}:6379"
        - name: cache
          image: redis:3.2-alpine`;
}

function generateService(i: number, revision: number): string {
  return `# service ${i}, revision ${revision}
apiVersion: v1
kind: Service
metadata:
  name: service-${i}
spec:
  selector:
    app: service-${i}
  ports:
    - name: http
      port: 80
      targetPort: 8080`;
}

/** 1 config document plus pairs of Deployment and Service; `revisions[i]` changes document i's text. */
function generateRelease(revisions: readonly number[]): string {
  const services = (DOCUMENTS - 1) / 2;
  const documents = [generateConfig(Math.floor(services))];
  for (let i = 0; documents.length < DOCUMENTS; i++) {
    documents.push(generateDeployment(i, revisions[documents.length]));
    if (documents.length < DOCUMENTS) documents.push(generateService(i, revisions[documents.length]));
  }
  return documents.join("\n---\n");
}

/** Previews one text and says how long the preview itself took (measured where it runs). */
type PreviewRunner = (text: string) => Promise<{ ms: number; images: number }>;

const runInNode: PreviewRunner = async (text) => {
  const start = performance.now();
  const preview = previewRelease(text, context);
  return { ms: performance.now() - start, images: preview.images.length };
};

async function measure(name: string, releaseForRun: (run: number) => string, runPreview: PreviewRunner): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < WARMUP_RUNS + MEASURED_RUNS; run++) {
    const { ms, images } = await runPreview(releaseForRun(run));
    if (images === 0) throw new Error("the generated release produced no images");
    if (run >= WARMUP_RUNS) times.push(ms);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)];
  console.log(`${name.padEnd(10)} median ${median.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
  return median;
}

/** Runs the three scenarios with one runner; returns the cold median. */
async function measureScenarios(runPreview: PreviewRunner): Promise<number> {
  // Runs are numbered from 1000 per scenario so no text repeats one measured earlier.
  const cold = await measure("cold", (run) => generateRelease(new Array(DOCUMENTS).fill(1000 + run)), runPreview);
  const typingBase = new Array(DOCUMENTS).fill(0);
  await measure(
    "typing",
    (run) => {
      typingBase[1 + (run % (DOCUMENTS - 1))] = 5000 + run;
      return generateRelease(typingBase);
    },
    runPreview,
  );
  await measure("unchanged", () => sample, runPreview);
  return cold;
}

/** The preview bundled for the browser, exposing `runPreview(text)` that times the call inside the page. */
async function bundleForBrowser(): Promise<string> {
  const result = await build({
    stdin: {
      contents: `import { previewRelease } from "@/lib/releases";
        const context = ${JSON.stringify(context)};
        globalThis.runPreview = (text) => {
          const start = performance.now();
          const preview = previewRelease(text, context);
          return { ms: performance.now() - start, images: preview.images.length };
        };`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform: "browser",
    format: "iife",
    minify: true,
    write: false,
    tsconfig: path.resolve("tsconfig.json"),
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}

async function measureInChromium(): Promise<number | null> {
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    console.log(`browser: skipped, no Chromium at ${executablePath}`);
    return null;
  }
  const bundle = await bundleForBrowser();
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><title>preview benchmark</title>");
    await page.addScriptTag({ content: bundle });
    console.log(`\nbrowser: Chromium ${browser.version()}, bundle ${(bundle.length / 1024).toFixed(0)} KiB (esbuild, minified)`);
    return await measureScenarios((text) => page.evaluate((input) => (globalThis as unknown as { runPreview: (t: string) => { ms: number; images: number } }).runPreview(input), text));
  } finally {
    await browser.close();
  }
}

const sample = generateRelease(new Array(DOCUMENTS).fill(0));
const cpus = os.cpus();
console.log(`release: ${DOCUMENTS} documents, ${sample.split("\n").length} lines, ${sample.length} characters`);
console.log(`machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}`);
console.log(`runs: ${WARMUP_RUNS} warm-up + ${MEASURED_RUNS} measured per scenario`);

async function main(): Promise<void> {
  console.log("\nnode:");
  const cold = await measureScenarios(runInNode);
  console.log(`target: cold median under ${TARGET_MEDIAN_MS} ms: ${cold < TARGET_MEDIAN_MS ? "met" : "NOT met"}`);
  if (process.argv.includes("--node-only")) return;
  const browserCold = await measureInChromium();
  if (browserCold !== null) console.log(`target: cold median under ${TARGET_MEDIAN_MS} ms in the browser: ${browserCold < TARGET_MEDIAN_MS ? "met" : "NOT met"}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
