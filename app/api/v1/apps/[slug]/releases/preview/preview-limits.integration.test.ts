/**
 * The preview API's limits on the real database: previews of a third of a MiB run in the
 * worker pool, so the registry (same process) keeps answering while eight of them run;
 * a user's third concurrent preview is refused with 429 and a message saying why.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callRoute } from "@/lib/test/call-route";
import { createTestTenant, fetchTenantToken, startTestRegistry, type TestRegistry, type TestTenant } from "@/lib/registry/http/test-registry";
import * as previewRoute from "./route";

/** About 320 KiB: 400 Deployments, each with two containers of the app's registry. */
function bigRelease(slug: string, label: string): string {
  const documents = [`images:\n  - source: public\n    name: redis\n    tag: 3.2-alpine`];
  for (let i = 0; i < 400; i++) {
    documents.push(`# ${label} ${i}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: service-${i}
  labels: {app: service-${i}, tier: backend, owner: team-${i % 7}}
spec:
  replicas: 2
  selector:
    matchLabels: {app: service-${i}}
  template:
    metadata:
      labels: {app: service-${i}}
    spec:
      imagePullSecrets:
        - name: replicatedregistrykey
      containers:
        - name: app
          image: registry.example.com/${slug}/service-${i}:1.0.${i}
          ports:
            - containerPort: 8080
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {cpu: 500m, memory: 256Mi}
          env:
            - {name: REDIS_URL, value: "redis://cache-${i}:6379"}
            - {name: LOG_LEVEL, value: info}
        - name: cache
          image: redis:3.2-alpine`);
  }
  return documents.join("\n---\n");
}

function preview(tenant: TestTenant, yaml: string) {
  return callRoute(previewRoute.POST, {
    method: "POST",
    path: `/api/v1/apps/${tenant.slug}/releases/preview`,
    params: { slug: tenant.slug },
    token: tenant.account.token,
    headers: { "content-type": "application/yaml" },
    body: yaml,
  });
}

let registry: TestRegistry;
const tenants: TestTenant[] = [];

beforeAll(async () => {
  registry = await startTestRegistry();
  for (let i = 0; i < 4; i++) tenants.push(await createTestTenant(`preview-load-${i}`));
});

afterAll(async () => {
  await registry.close();
});

describe("release preview limits", () => {
  it("answers a user's third concurrent preview with 429 and a clear message, and runs the first two", async () => {
    const [tenant] = tenants;
    const yaml = bigRelease(tenant.slug, "cap");
    expect(yaml.length).toBeGreaterThan(300 * 1024);
    const answers = await Promise.all([0, 1, 2, 3].map(() => preview(tenant, yaml)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses).toEqual([200, 200, 429, 429]);
    const refused = answers.find((answer) => answer.status === 429);
    expect(refused?.body.error).toMatchObject({ code: "rate_limited", message: expect.stringMatching(/at most 2 run at once per user/) });
    const done = answers.find((answer) => answer.status === 200);
    expect(done?.body.images.length).toBe(800);
  });

  it("keeps the registry answering while eight big previews run", async () => {
    const token = await fetchTenantToken(registry, tenants[0], [`${tenants[0].slug}/web`]);
    const previewTimes: number[] = [];
    const started = performance.now();
    // Two per user: the most each may run at once.
    const previews = tenants.flatMap((tenant) =>
      [0, 1].map(async (n) => {
        const answer = await preview(tenant, bigRelease(tenant.slug, `load ${n}`));
        previewTimes.push(performance.now() - started);
        return answer.status;
      }),
    );
    let isDone = false;
    const allPreviews = Promise.all(previews).finally(() => (isDone = true));

    const registryTimes: number[] = [];
    for (let i = 0; i < 5000 && !isDone; i++) {
      const requestStart = performance.now();
      const response = await fetch(`${registry.origin}/v2/`, { headers: { Authorization: `Bearer ${token}` } });
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      registryTimes.push(performance.now() - requestStart);
    }
    expect(await allPreviews).toEqual(new Array(8).fill(200));

    // On the main thread a request waits for the preview in its way (up to a whole
    // preview's time); off it, requests keep flowing while the previews run.
    const firstPreview = Math.min(...previewTimes);
    const slowestRequest = Math.max(...registryTimes);
    expect(registryTimes.length).toBeGreaterThanOrEqual(20);
    expect(slowestRequest).toBeLessThan(firstPreview / 2);
  });
});
