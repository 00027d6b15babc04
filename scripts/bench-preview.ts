/**
 * Benchmark of the pure release preview (`npm run bench:preview`): a generated
 * release of 100 documents (about 3,000 lines) mixing this application's, external
 * and public images. Not a test; prints median and 95th percentile per scenario.
 *
 * - cold: every document's text is new each run, so nothing comes from the parse cache
 *   (the honest worst case, e.g. the first preview of a pasted release);
 * - typing: one document changes per run, as when the vendor edits in the browser;
 * - unchanged: the same text again.
 */
import os from "node:os";
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

function measure(name: string, releaseForRun: (run: number) => string): number {
  const times: number[] = [];
  for (let run = 0; run < WARMUP_RUNS + MEASURED_RUNS; run++) {
    const text = releaseForRun(run);
    const start = performance.now();
    const preview = previewRelease(text, context);
    const elapsed = performance.now() - start;
    if (preview.images.length === 0) throw new Error("the generated release produced no images");
    if (run >= WARMUP_RUNS) times.push(elapsed);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const p95 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)];
  console.log(`${name.padEnd(10)} median ${median.toFixed(1).padStart(6)} ms   p95 ${p95.toFixed(1).padStart(6)} ms`);
  return median;
}

const sample = generateRelease(new Array(DOCUMENTS).fill(0));
const cpus = os.cpus();
console.log(`release: ${DOCUMENTS} documents, ${sample.split("\n").length} lines, ${sample.length} characters`);
console.log(`machine: ${cpus[0]?.model ?? "unknown CPU"}, ${cpus.length} cores, Node ${process.version}`);
console.log(`runs: ${WARMUP_RUNS} warm-up + ${MEASURED_RUNS} measured per scenario`);

// Runs are numbered from 1000 per scenario so no text repeats one measured earlier.
const cold = measure("cold", (run) => generateRelease(new Array(DOCUMENTS).fill(1000 + run)));
const typingBase = new Array(DOCUMENTS).fill(0);
measure("typing", (run) => {
  typingBase[1 + (run % (DOCUMENTS - 1))] = 5000 + run;
  return generateRelease(typingBase);
});
measure("unchanged", () => sample);
console.log(`target: cold median under ${TARGET_MEDIAN_MS} ms: ${cold < TARGET_MEDIAN_MS ? "met" : "NOT met"}`);
