/**
 * Benchmark of the pure release preview (`npm run bench:preview`): a generated
 * release of 100 documents (about 3,000 lines) mixing this application's, external
 * and public images. Not a test; prints median and 95th percentile per scenario,
 * first in Node (the API), then in headless Chromium (the editor's live preview, the
 * module bundled with esbuild for the browser as Next.js bundles it). `--node-only`
 * skips the browser; PLAYWRIGHT_CHROMIUM_EXECUTABLE picks another Chromium.
 *
 * In Node the preview runs as the API runs it: the module bundled for Node (as Next.js
 * bundles the preview worker, so no TypeScript loader's helpers are timed) inside a worker
 * thread of a process started with `npm start`'s V8 settings (the npm script passes
 * `--max-semi-space-size=8`, which worker threads inherit).
 *
 * - cold: every document's text is new each run, so nothing comes from the parse cache
 *   (the honest worst case, e.g. the first preview of a pasted release);
 * - typing: one document changes per run, as when the vendor edits in the browser;
 * - unchanged: the same text again.
 *
 * Every scenario previews with the Kubernetes schemas of the release's kinds
 * (Deployment, Service) loaded first, as the editor does once their chunks have
 * arrived; "cold, no schemas" repeats the cold scenario without schema checks, to show
 * what they cost, and "cold, parse only" times the YAML parse of the same kind of text alone
 * (the floor under any cold preview). Loading the two kinds' validators is timed on its own.
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { chromium } from "playwright-core";
import type { ReleaseContext } from "@/lib/releases";
import { median, percentile } from "./lib/median";

const DOCUMENTS = 100;
const WARMUP_RUNS = 10;
const MEASURED_RUNS = 50;
/** Issue 14's target for the preview API (Node), and the live preview's in the browser. */
const NODE_TARGET_MEDIAN_MS = 16;
const BROWSER_TARGET_MEDIAN_MS = 30;

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

/** "full": the preview with schema checks; "no-schemas": without them; "parse": only the YAML parse of every document (no preview). */
type PreviewMode = "full" | "no-schemas" | "parse";
/** Previews one text in `mode` and says how long the preview itself took, measured where it runs. */
type PreviewRunner = (text: string, mode: PreviewMode) => Promise<{ ms: number; images: number }>;

/** Median and 95th percentile of the measured runs, printed under `name`. */
function report(name: string, times: number[]): number {
  const middle = median(times);
  const p95 = percentile(times, 0.95);
  console.log(`${name.padEnd(18)} median ${middle.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
  return middle;
}

/**
 * Runs each variant once per run, alternating, so they share the machine's load and
 * the JIT's warmth; returns each variant's median.
 */
async function measure(variants: { name: string; releaseForRun: (run: number) => string; mode: PreviewMode }[], runPreview: PreviewRunner): Promise<number[]> {
  const times: number[][] = variants.map(() => []);
  for (let run = 0; run < WARMUP_RUNS + MEASURED_RUNS; run++) {
    for (const [index, variant] of variants.entries()) {
      const { ms, images } = await runPreview(variant.releaseForRun(run), variant.mode);
      if (images === 0) throw new Error("the generated release produced no images");
      if (run >= WARMUP_RUNS) times[index].push(ms);
    }
  }
  return variants.map((variant, index) => report(variant.name, times[index]));
}

/** Runs the scenarios with one runner; returns the cold median (with schemas). */
async function measureScenarios(runPreview: PreviewRunner): Promise<number> {
  // Texts are numbered apart per scenario so no text repeats one measured earlier.
  const [cold] = await measure(
    [
      { name: "cold", releaseForRun: (run) => generateRelease(new Array(DOCUMENTS).fill(1000 + run)), mode: "full" },
      { name: "cold, no schemas", releaseForRun: (run) => generateRelease(new Array(DOCUMENTS).fill(3000 + run)), mode: "no-schemas" },
      { name: "cold, parse only", releaseForRun: (run) => generateRelease(new Array(DOCUMENTS).fill(4000 + run)), mode: "parse" },
    ],
    runPreview,
  );
  const typingBase = new Array(DOCUMENTS).fill(0);
  const typing = (run: number) => {
    typingBase[1 + (run % (DOCUMENTS - 1))] = 5000 + run;
    return generateRelease(typingBase);
  };
  await measure([{ name: "typing", releaseForRun: typing, mode: "full" }], runPreview);
  await measure([{ name: "unchanged", releaseForRun: () => sample, mode: "full" }], runPreview);
  return cold;
}

/**
 * The preview bundled by esbuild, exposing `loadSchemas(text)` and `runPreview(text,
 * mode)`, which time the call where it runs. For Node the bundle also answers
 * those two calls as messages from the worker thread's parent.
 */
async function bundlePreview(platform: "browser" | "node"): Promise<string> {
  const workerGlue = `import { parentPort } from "node:worker_threads";
    parentPort.on("message", async ({ id, call, args }) => parentPort.postMessage({ id, result: await globalThis[call](...args) }));`;
  const result = await build({
    stdin: {
      contents: `import { listSchemaKeys, loadKubernetesSchemas, previewRelease } from "@/lib/releases";
        import { parseReleaseStream } from "@/lib/releases/parse-release-stream";
        const context = ${JSON.stringify(context)};
        let schemas;
        globalThis.loadSchemas = async (text) => {
          const start = performance.now();
          schemas = await loadKubernetesSchemas(listSchemaKeys(text));
          return performance.now() - start;
        };
        globalThis.runPreview = (text, mode) => {
          const start = performance.now();
          if (mode === "parse") {
            const parsed = parseReleaseStream(text);
            return { ms: performance.now() - start, images: parsed.documents.length };
          }
          const preview = previewRelease(text, context, mode === "full" ? { schemas } : {});
          return { ms: performance.now() - start, images: preview.images.length };
        };
        ${platform === "node" ? workerGlue : ""}`,
      resolveDir: process.cwd(),
      loader: "ts",
    },
    bundle: true,
    platform,
    format: platform === "node" ? "cjs" : "iife",
    minify: true,
    write: false,
    tsconfig: path.resolve("tsconfig.json"),
    logLevel: "error",
  });
  return result.outputFiles[0].text;
}

/** Runs the scenarios in a worker thread, as the preview API does; returns the cold median. */
async function measureInNodeWorker(): Promise<number> {
  const worker = new Worker(await bundlePreview("node"), { eval: true });
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 0;
  worker.on("message", ({ id, result }: { id: number; result: unknown }) => pending.get(id)?.(result));
  const call = <T>(name: "loadSchemas" | "runPreview", ...args: unknown[]) =>
    new Promise<T>((resolve) => {
      pending.set(nextId, resolve as (result: unknown) => void);
      worker.postMessage({ id: nextId++, call: name, args });
    });
  try {
    const loadMs = await call<number>("loadSchemas", sample);
    const flags = process.execArgv.filter((arg) => arg.startsWith("--max-")).join(" ") || "default V8 heap settings";
    console.log(`
node: in a worker thread (${flags}), bundled by esbuild; schemas of the release's kinds loaded in ${loadMs.toFixed(1)} ms`);
    return await measureScenarios((text, mode) => call("runPreview", text, mode));
  } finally {
    await worker.terminate();
  }
}

async function measureInChromium(): Promise<number | null> {
  const executablePath = process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE || "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    console.log(`browser: skipped, no Chromium at ${executablePath}`);
    return null;
  }
  const bundle = await bundlePreview("browser");
  const browser = await chromium.launch({
    executablePath,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent("<!doctype html><title>preview benchmark</title>");
    await page.addScriptTag({ content: bundle });
    console.log(`\nbrowser: Chromium ${browser.version()}, bundle ${(bundle.length / 1024).toFixed(0)} KiB (esbuild, minified, every kind's schema inlined)`);
    type Page = { loadSchemas: (t: string) => Promise<number>; runPreview: (t: string, mode: PreviewMode) => { ms: number; images: number } };
    const loadMs = await page.evaluate((input) => (globalThis as unknown as Page).loadSchemas(input), sample);
    console.log(`schemas of the release's kinds (Deployment, Service) evaluated in ${loadMs.toFixed(1)} ms (in the editor, fetched as their own chunks)`);
    return await measureScenarios((text, mode) => page.evaluate(([input, inMode]) => (globalThis as unknown as Page).runPreview(input, inMode), [text, mode] as const));
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
  const cold = await measureInNodeWorker();
  console.log(`target: cold median under ${NODE_TARGET_MEDIAN_MS} ms in Node (the preview API): ${cold < NODE_TARGET_MEDIAN_MS ? "met" : "NOT met"}`);
  if (process.argv.includes("--node-only")) return;
  const browserCold = await measureInChromium();
  if (browserCold !== null) {
    console.log(`target: cold median under ${BROWSER_TARGET_MEDIAN_MS} ms in the browser: ${browserCold < BROWSER_TARGET_MEDIAN_MS ? "met" : "NOT met"}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
