// Airgap bundles end to end: a vendor's release of a two-platform image is on Stable with
// an airgap customer; in the browser the vendor starts the bundle build on the release's
// page, watches it to Ready, and downloads the file, whose sha256 is the one shown; the
// customer's page then offers the same bundle with its commands, and the customer's
// license downloads it too.
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeIndexLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "../lib/registry/http/test-skopeo";
import { container, deployment } from "../lib/releases/test-fixtures";
import { createToken, expect, test } from "./support/fixtures";

let work: string;
let skopeo: SkopeoEnvironment;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-airgap-"));
  skopeo = await prepareSkopeo(work);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test("build a release's airgap bundle in the browser, watch it finish, download it, and find it on the customer's page", async ({ signedIn: page, account, baseURL }) => {
  test.setTimeout(120_000);
  const host = new URL(baseURL!).host;
  const request = page.context().request;
  const created = await request.post("/api/v1/apps", { data: { name: `Airgapped ${Date.now()}` } });
  expect(created.status(), await created.text()).toBe(201);
  const slug: string = (await created.json()).app.slug;
  const token = await createToken(request, account, "push");
  const layout = path.join(work, `web-${slug}`);
  await writeIndexLayout(layout, "1.0", [
    { os: "linux", architecture: "amd64", layerSizes: [3 * 1024 * 1024] },
    { os: "linux", architecture: "arm64", layerSizes: [1024 * 1024] },
  ]);
  await skopeoCopy(skopeo, `oci:${layout}:1.0`, `docker://${host}/${slug}/web:1.0`, `${account.email}:${token}`, ["--all"]);
  const yaml = `images:\n  - source: replicated\n    name: web\n    tag: "1.0"\n---\n${deployment("web", container("web", `${host}/${slug}/web:1.0`))}`;
  expect((await request.post(`/api/v1/apps/${slug}/releases`, { data: { yaml, notes: "" } })).status()).toBe(201);
  expect((await request.post(`/api/v1/apps/${slug}/releases/1/promote`, { data: { channel: "Stable", version: "1.0.0" } })).status()).toBe(201);
  const customerRes = await request.post(`/api/v1/apps/${slug}/customers`, { data: { name: "Offline Org", channel: "Stable", type: "paid", airgap: true } });
  expect(customerRes.status(), await customerRes.text()).toBe(201);
  const customer = (await customerRes.json()).customer;

  await page.goto(`/apps/${slug}/releases/1`);
  const panel = page.getByRole("region", { name: /Airgap bundle/ });
  await expect(panel.getByText("Not built")).toBeVisible();
  await panel.getByRole("button", { name: "Build airgap bundle" }).click();
  await expect(panel.getByText("Ready", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByLabel("Build log")).toHaveCount(1);
  await expect(panel.getByText(/^1 image$|· 1 image/)).toBeVisible();
  const sha256 = (await panel.getByTestId("bundle-sha256").textContent())!.trim();
  expect(sha256).toMatch(/^[0-9a-f]{64}$/);

  const downloading = page.waitForEvent("download");
  await panel.getByRole("link", { name: "Download bundle" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${slug}-release-1-airgap.tar`);
  const file = path.join(work, download.suggestedFilename());
  await download.saveAs(file);
  expect(createHash("sha256").update(await readFile(file)).digest("hex")).toBe(sha256);

  // The customer's page: the same bundle, its sha256, and the commands with copy buttons.
  await page.goto(`/apps/${slug}/customers/${customer.id}`);
  const card = page.getByRole("region", { name: /Airgap download/ });
  await expect(card.getByText("Release 1 (1.0.0), the current release of Stable.")).toBeVisible();
  await expect(card.getByTestId("bundle-sha256")).toHaveText(sha256);
  const commands = card.getByRole("list", { name: "Airgap commands" });
  await expect(commands.getByText(`sha256sum -c -`)).toBeVisible();
  await expect(commands.getByText(/skopeo copy --all oci-archive:/)).toBeVisible();
  await expect(commands.getByRole("button", { name: /^Copy: / })).toHaveCount(4);

  // And the customer's license downloads the same bytes.
  const byLicense = await request.get(`/api/v1/license/airgap/1`, { headers: { authorization: `Bearer ${customer.licenseId}` } });
  expect(byLicense.status()).toBe(200);
  expect(createHash("sha256").update(await byLicense.body()).digest("hex")).toBe(sha256);
});

test("switch on airgap builds on promotion for a channel, promote, and the bundle builds by itself", async ({ signedIn: page, account, baseURL }) => {
  test.setTimeout(120_000);
  const host = new URL(baseURL!).host;
  const request = page.context().request;
  const created = await request.post("/api/v1/apps", { data: { name: `On promotion ${Date.now()}` } });
  expect(created.status(), await created.text()).toBe(201);
  const slug: string = (await created.json()).app.slug;
  const token = await createToken(request, account, "push");
  const layout = path.join(work, `api-${slug}`);
  await writeIndexLayout(layout, "2.0", [{ os: "linux", architecture: "amd64", layerSizes: [1024 * 1024] }]);
  await skopeoCopy(skopeo, `oci:${layout}:2.0`, `docker://${host}/${slug}/api:2.0`, `${account.email}:${token}`, ["--all"]);
  const yaml = `images:\n  - source: replicated\n    name: api\n    tag: "2.0"\n---\n${deployment("api", container("api", `${host}/${slug}/api:2.0`))}`;
  expect((await request.post(`/api/v1/apps/${slug}/releases`, { data: { yaml, notes: "" } })).status()).toBe(201);
  expect((await request.post(`/api/v1/apps/${slug}/customers`, { data: { name: "Bunker Ltd", channel: "Beta", type: "paid", airgap: true } })).status()).toBe(201);

  await page.goto(`/apps/${slug}/channels`);
  const beta = page.getByRole("list", { name: "Channels" }).getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Beta" }) });
  await beta.getByRole("button", { name: "Edit Beta" }).click();
  const dialog = page.getByRole("dialog", { name: "Edit channel “Beta”" });
  await dialog.getByLabel("Build airgap bundles on promotion").check();
  await dialog.getByRole("button", { name: "Save channel" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("Releases promoted to “Beta” now get their airgap bundle built.")).toBeVisible();
  await expect(beta.getByText("Airgap bundles on promotion")).toBeVisible();

  expect((await request.post(`/api/v1/apps/${slug}/releases/1/promote`, { data: { channel: "Beta", version: "2.0.0" } })).status()).toBe(201);
  await page.goto(`/apps/${slug}/releases/1`);
  const panel = page.getByRole("region", { name: /Airgap bundle/ });
  await expect(panel.getByText("Ready", { exact: true })).toBeVisible({ timeout: 60_000 });
  await expect(panel.getByLabel("Build log")).toContainText("build started by the promotion to Beta (1 airgap customer)");
});
