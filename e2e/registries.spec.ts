// External registries in the browser against a real third-party registry: Debian's
// docker-registry with htpasswd auth on a free loopback port (the e2e server allows
// 127.0.0.1 through EXTERNAL_REGISTRY_ALLOW), holding a small image pushed by skopeo.
import path from "node:path";
import { makeTempDir, pushWithSkopeo, removeDir, startDockerRegistry, writeOciLayout, type RunningRegistry } from "../lib/external/test-support/docker-registry";
import { expect, test } from "./support/fixtures";

const USERNAME = "vendor-bot";
const PASSWORD = `Upstream-Pass-${Date.now().toString(36)}`;
const WRONG_PASSWORD = "not-the-password-42";

let dir: string | undefined;
let registry: RunningRegistry | undefined;

test.beforeAll(async () => {
  dir = await makeTempDir("slipway-e2e-registry-");
  registry = await startDockerRegistry({ dir, storageDir: path.join(dir, "storage"), auth: { kind: "htpasswd", username: USERNAME, password: PASSWORD } });
  const layout = path.join(dir, "layout");
  await writeOciLayout(layout, "1.0");
  await pushWithSkopeo(layout, "1.0", `${registry.endpoint}/acme/app:1.0`, `${USERNAME}:${PASSWORD}`);
});

test.afterAll(async () => {
  await registry?.stop();
  await removeDir(dir);
});

test("add a registry, test the connection, then see a wrong password explained", async ({ signedIn: page }) => {
  await page.goto("/settings/registries");
  await expect(page.getByRole("heading", { name: "No external registries yet" })).toBeVisible();
  await page.getByRole("button", { name: "Add registry" }).click();

  const dialog = page.getByRole("dialog", { name: "Add an external registry" });
  await dialog.getByLabel("Name", { exact: true }).fill("upstream");
  // The endpoint is explained while it is typed: Docker Hub's aliases first, then the real one.
  await dialog.getByLabel("Endpoint").fill("https://docker.io/");
  await expect(dialog.getByText("Docker Hub (docker.io) is stored as index.docker.io, the name Docker itself uses for it.")).toBeVisible();
  await expect(dialog.getByTestId("endpoint-stored-as")).toHaveText("index.docker.io");
  await expect(dialog.getByText(/personal access token with read-only scope/)).toBeVisible();
  await dialog.getByLabel("Endpoint").fill(`${registry!.endpoint}/`);
  await expect(dialog.getByTestId("endpoint-stored-as")).toHaveText(registry!.endpoint);
  await dialog.getByLabel("Username").fill(USERNAME);
  await dialog.getByLabel("Password or token").fill(PASSWORD);
  await dialog.getByRole("button", { name: "Add registry" }).click();
  await expect(dialog).toBeHidden();

  const card = page.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "upstream" }) });
  await expect(card.getByText(registry!.endpoint, { exact: true })).toBeVisible();
  await expect(card.getByText(/set on/)).toBeVisible();
  await expect(card.getByText("Nothing pulled through the proxy yet.")).toBeVisible();
  await card.getByRole("button", { name: "Test connection" }).click();
  await card.getByLabel(/Image/).fill("acme/app");
  await card.getByLabel("Tag", { exact: true }).fill("1.0");
  await card.getByRole("button", { name: "Run test" }).click();
  const result = card.getByTestId("connection-test-result");
  await expect(result.getByText("Connection works")).toBeVisible();
  await expect(result.getByText("passed")).toHaveCount(4);
  await expect(result.getByText(/^Found acme\/app:1\.0 \(application\/vnd\.oci\.image\.manifest\.v1\+json, sha256:/)).toBeVisible();

  await card.getByRole("button", { name: "Edit upstream" }).click();
  const edit = page.getByRole("dialog", { name: "Edit registry “upstream”" });
  await expect(edit.getByText(/Leave blank to keep it/)).toBeVisible();
  await expect(edit.getByLabel("Password or token")).toHaveValue("");
  await edit.getByLabel("Password or token").fill(WRONG_PASSWORD);
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(edit).toBeHidden();

  // The earlier result described the old password, so it is gone; run the test again.
  await expect(card.getByTestId("connection-test-result")).toHaveCount(0);
  await card.getByLabel(/Image/).fill("acme/app");
  await card.getByLabel("Tag", { exact: true }).fill("1.0");
  await card.getByRole("button", { name: "Run test" }).click();
  await expect(result.getByText("Failed at “Credentials”")).toBeVisible();
  const failedStep = result.getByRole("listitem").filter({ hasText: "failed" });
  await expect(failedStep).toHaveCount(1);
  await expect(failedStep).toContainText("Credentials");
  await expect(failedStep).toContainText("Authentication failed: The registry refused the credentials (Basic authentication): UNAUTHORIZED: authentication required");
  await expect(result.getByText("Image · not run")).toBeVisible();

  // Neither password ever reaches the page.
  const html = await page.content();
  expect(html).not.toContain(PASSWORD);
  expect(html).not.toContain(WRONG_PASSWORD);
});
