// Storage and garbage collection end to end: an image pushed with skopeo counts in the
// Images tab's Storage section; preview and run a collection in a real browser (within the
// default 24h grace nothing is deleted, and the page says so with the bytes before and
// after); the untagged-manifest policy switch is saved.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { formatBytes } from "../lib/images/describe/format";
import { writeImageLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "../lib/registry/http/test-skopeo";
import { createToken, expect, test } from "./support/fixtures";

let work: string;
let skopeo: SkopeoEnvironment;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-storage-"));
  skopeo = await prepareSkopeo(work);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test("the Storage section shows the stored bytes, previews and runs a collection, and saves the policy", async ({ signedIn: page, account, baseURL }) => {
  const host = new URL(baseURL!).host;
  const created = await page.request.post("/api/v1/apps", { data: { name: `Storage ${Date.now()}` } });
  expect(created.status(), await created.text()).toBe(201);
  const slug = (await created.json()).app.slug as string;
  const token = await createToken(page.request, account, "storage");
  const layout = path.join(work, `image-${slug}`);
  await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: [200_000] });
  await skopeoCopy(skopeo, `oci:${layout}:v1`, `docker://${host}/${slug}/web:v1`, `${account.email}:${token}`);
  const stored = (await (await page.request.get(`/api/v1/apps/${slug}/gc`)).json()).storedBytes as number;
  expect(stored).toBeGreaterThan(200_000);

  await page.goto(`/apps/${slug}/images`);
  const section = page.getByRole("region", { name: "Storage" });
  await expect(section.getByTestId("stored-bytes")).toHaveText(formatBytes(stored));
  await expect(section.getByText("24 h")).toBeVisible();

  await section.getByRole("button", { name: "Preview collection" }).click();
  await expect(section.getByRole("status")).toHaveText("A collection now would delete 0 blobs (0 B) and 0 untagged manifests.");
  await section.getByRole("button", { name: "Collect garbage now" }).click();
  await expect(section.getByRole("status")).toHaveText(`Deleted 0 blobs (0 B) and 0 untagged manifests: stored ${formatBytes(stored)} before, ${formatBytes(stored)} after.`);
  const runs = section.getByRole("table", { name: "Garbage collection runs" });
  await expect(runs.getByRole("row")).toHaveCount(3);
  await expect(runs.getByText("preview")).toBeVisible();

  await section.getByRole("checkbox").check();
  await expect.poll(async () => (await (await page.request.get(`/api/v1/apps/${slug}/gc`)).json()).policy.pruneUntagged).toBe(true);
  await page.reload();
  await expect(page.getByRole("region", { name: "Storage" }).getByRole("checkbox")).toBeChecked();
});
