// The release editor in a real browser: an external private image is rewritten through
// the proxy, the missing pull secret is flagged and fixed in one click, and the release
// is created and found in the history.
import type { Page } from "@playwright/test";
import { expect, test } from "./support/fixtures";

const REGISTRY_NAME = "quay-private";

/** Creates an application and registers quay.io for the signed-in user's team, over the API. */
async function createAppWithRegistry(page: Page, name: string): Promise<string> {
  const request = page.context().request;
  const app = await request.post("/api/v1/apps", { data: { name } });
  expect(app.status(), await app.text()).toBe(201);
  // Registering stores the endpoint and sealed secret; nothing is sent to quay.io.
  const registry = await request.post("/api/v1/registries", { data: { name: REGISTRY_NAME, endpoint: "quay.io", username: "acme+robot", password: "robot-token" } });
  expect(registry.status(), await registry.text()).toBe(201);
  return (await app.json()).app.slug;
}

const RELEASE = `images:
  - source: ${REGISTRY_NAME}
    name: acme/worker
    tag: 2.0.0
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  selector:
    matchLabels: {app: worker}
  template:
    metadata:
      labels: {app: worker}
    spec:
      containers:
        - name: worker
          image: quay.io/acme/worker:2.0.0
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
`;

async function typeIntoEditor(page: Page, text: string): Promise<void> {
  await page.locator(".cm-content").click();
  // insertText sends the text as one input, so the editor's auto-indent cannot reshape it.
  await page.keyboard.insertText(text);
}

test("type a Deployment with an external private image, fix the missing pull secret, create the release", async ({ signedIn: page }) => {
  const slug = await createAppWithRegistry(page, "Release Editor App");
  await page.goto(`/apps/${slug}/releases`);
  await expect(page.getByText("No releases yet")).toBeVisible();
  await page.getByRole("link", { name: "Write the first release" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${slug}/releases/new$`));

  await typeIntoEditor(page, RELEASE);
  const proxied = new RegExp(`^localhost:\\d+/proxy/${slug}/quay\\.io/acme/worker:2\\.0\\.0$`);
  const images = page.getByRole("table", { name: "Container images in the release" });
  await expect(images.getByText(proxied)).toBeVisible();
  await expect(images.getByText(`External ${REGISTRY_NAME}`)).toBeVisible();

  const diagnostics = page.getByRole("list", { name: "Diagnostics" });
  await expect(diagnostics.getByText(/missing-pull-secret/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Create release", exact: true })).toBeDisabled();
  await expect(page.getByText("Fix 1 error to create the release.")).toBeVisible();

  // Going to the diagnostic's line puts the keyboard in the editor.
  await diagnostics.getByRole("button", { name: /missing-pull-secret/ }).click();
  await expect(page.locator(".cm-content")).toBeFocused();

  await diagnostics.getByRole("button", { name: /^Fix: Add imagePullSecrets/ }).click();
  await expect(diagnostics.getByText(/missing-pull-secret/)).toHaveCount(0);
  await expect(page.locator(".cm-content")).toContainText("- name: replicatedregistrykey");
  await expect(page.getByText("No problems")).toBeVisible();

  await page.getByRole("tab", { name: /Rewritten YAML/ }).click();
  await expect(page.getByText("1 line rewritten for customers")).toBeVisible();

  await page.getByLabel("Release notes").fill("First release with the worker");
  await page.getByRole("button", { name: "Create release", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "Create this release?" });
  await expect(dialog).toBeVisible();
  await dialog.getByRole("button", { name: "Create release" }).click();

  await expect(page).toHaveURL(new RegExp(`/apps/${slug}/releases/1$`));
  await expect(page.getByRole("heading", { name: "Release 1" })).toBeVisible();
  await expect(page.getByText("First release with the worker")).toBeVisible();

  await page.getByRole("navigation", { name: "Releases" }).getByRole("link", { name: "Releases" }).click();
  const history = page.getByRole("table", { name: "Release history" });
  await expect(history.getByRole("link", { name: "Release 1" })).toBeVisible();
  await expect(history.getByText("First release with the worker")).toBeVisible();
});

test("the editor never traps the keyboard, and the draft survives a reload", async ({ signedIn: page }) => {
  const slug = await createAppWithRegistry(page, "Release Keyboard App");
  await page.goto(`/apps/${slug}/releases/new`);
  await typeIntoEditor(page, "images: []\n");
  await expect(page.getByText(/^Draft saved/)).toBeVisible();
  // Tab leaves CodeMirror for the next control instead of inserting indentation.
  await page.keyboard.press("Tab");
  await expect(page.locator(".cm-content")).not.toBeFocused();
  await expect(page.locator(".cm-content")).toHaveText("images: []");
  await page.reload();
  await expect(page.locator(".cm-content")).toHaveText("images: []");
});
