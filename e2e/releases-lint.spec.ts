// Release lint in the editor: a Kubernetes schema error appears at its line while the
// vendor types (the kind's schema is fetched on demand), and each new one-click fix
// applies and its problem disappears.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

async function createApp(page: Page, name: string): Promise<string> {
  const app = await page.context().request.post("/api/v1/apps", { data: { name } });
  expect(app.status(), await app.text()).toBe(201);
  return (await app.json()).app.slug;
}

const RESOURCES = `          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
`;

function deployment(body: { replicas?: string; namespace?: string; containers: string }): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
${body.namespace ? `  namespace: ${body.namespace}\n` : ""}spec:
${body.replicas ? `  replicas: ${body.replicas}\n` : ""}  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      imagePullSecrets:
        - name: replicatedregistrykey
      containers:
${body.containers}`;
}

test("a schema error appears at its line while typing, and goes when it is corrected", async ({ signedIn: page }) => {
  const slug = await createApp(page, "Lint Schema App");
  await page.goto(`/apps/${slug}/releases/new`);
  await page.locator(".cm-content").click();
  await page.keyboard.insertText(deployment({ replicas: "tw", containers: `        - name: web\n          image: redis:7.2\n${RESOURCES}` }));
  // The last letter typed by hand, as a vendor would.
  await page.locator(".cm-line", { hasText: "replicas: tw" }).click();
  await page.keyboard.press("End");
  await page.keyboard.type("o");

  const diagnostics = page.getByRole("list", { name: "Diagnostics" });
  const entry = diagnostics.getByRole("button", { name: /spec\.replicas must be an integer, not the text "two"/ });
  await expect(entry).toBeVisible();
  await expect(entry).toContainText("line 6 · invalid-kubernetes-object");
  await expect(page.locator(".cm-lintRange-error", { hasText: "two" })).toBeVisible();

  await page.locator(".cm-line", { hasText: "replicas: two" }).click();
  await page.keyboard.press("End");
  for (let i = 0; i < 3; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type("2");
  await expect(diagnostics.getByText(/invalid-kubernetes-object/)).toHaveCount(0);
  await expect(page.getByText("No problems")).toBeVisible();
});

test("each new fix applies and its problem disappears", async ({ signedIn: page }) => {
  const slug = await createApp(page, "Lint Fixes App");
  await page.goto(`/apps/${slug}/releases/new`);
  const registryHost = new URL(page.url()).host;
  const release = `images:
  - source: public
    name: postgres
    tag: "16"
---
${deployment({
  namespace: "other",
  containers: `        - name: web
          image: ${registryHost}/${slug}/web:1.0
${RESOURCES}          securityContext:
            privileged: true
            allowPrivilegeEscalation: true
        - name: cache
          image: redis
${RESOURCES}`,
})}`;
  await page.locator(".cm-content").click();
  await page.keyboard.insertText(release);

  const diagnostics = page.getByRole("list", { name: "Diagnostics" });
  const fixes: [string, RegExp][] = [
    ["image-not-in-images-section", /^Fix: Add \{source: replicated, name: web, tag: 1\.0\} to images:/],
    ["unused-image", /^Fix: Remove it from images:/],
    ["namespace-set", /^Fix: Remove metadata\.namespace/],
    ["latest-tag", /^Fix: Set imagePullPolicy: IfNotPresent/],
    ["privileged", /^Fix: Set privileged: false/],
    ["allow-privilege-escalation", /^Fix: Set allowPrivilegeEscalation: false/],
  ];
  for (const [code] of fixes) await expect(diagnostics.getByText(new RegExp(`· ${code}$`))).toHaveCount(1);
  for (const [code, button] of fixes) {
    await diagnostics.getByRole("button", { name: button }).click();
    await expect(diagnostics.getByText(new RegExp(`· ${code}$`))).toHaveCount(0);
  }
  await expect(page.getByText(/could not be applied/)).toHaveCount(0);
  const text = page.locator(".cm-content");
  await expect(text).toContainText("- source: replicated    name: web    tag: 1.0");
  await expect(text).not.toContainText("postgres");
  await expect(text).not.toContainText("namespace: other");
  await expect(text).toContainText("image: redis          imagePullPolicy: IfNotPresent");
  await expect(text).toContainText("privileged: false            allowPrivilegeEscalation: false");
});
