// Storage quotas end to end: a team's Storage page shows its usage against the default
// quota once skopeo pushed an image; the admin page is the instance administrator's
// alone (the first account of the installation, linked from Storage): anyone else gets 403 and no link, and
// the administrator sets a team's quota in the dialog and sees it in the table.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { writeImageLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy } from "../lib/registry/http/test-skopeo";
import { createToken, expect, test } from "./support/fixtures";

test("the Storage page shows the team's usage against its quota", async ({ signedIn: page, account, baseURL }) => {
  const work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-quota-"));
  try {
    const created = await page.request.post("/api/v1/apps", { data: { name: `Quota ${Date.now()}` } });
    expect(created.status(), await created.text()).toBe(201);
    const slug = (await created.json()).app.slug as string;
    const token = await createToken(page.request, account, "quota");
    await writeImageLayout(path.join(work, "layout"), "v1", { os: "linux", architecture: "amd64", layerSizes: [300_000] });
    await skopeoCopy(await prepareSkopeo(work), `oci:${path.join(work, "layout")}:v1`, `docker://${new URL(baseURL!).host}/${slug}/web:v1`, `${account.email}:${token}`);
    const storage = await (await page.request.get("/api/v1/team/storage")).json();
    expect(storage.usedBytes).toBeGreaterThan(300_000);
    await page.goto("/team/storage");
    await expect(page.getByRole("heading", { name: "Storage", level: 1 })).toBeVisible();
    await expect(page.getByText(/KiB of 20\.0 GiB \(\d+%\)/)).toBeVisible();
    await expect(page.getByRole("meter", { name: "Storage used" })).toBeVisible();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
});

test("the Admin page lists every team and sets a quota, for the instance administrator only", async ({ signedIn: page }) => {
  const isAdmin = (await page.request.get("/api/v1/admin/teams")).status() === 200;
  if (!isAdmin) {
    // Another spec's account was the installation's first.
    await page.goto("/team/storage");
    await expect(page.getByRole("link", { name: "every team's storage and quotas" })).toHaveCount(0);
    const response = await page.goto("/admin");
    expect(response?.status()).toBe(403);
    return;
  }
  await page.goto("/apps");
  await page.getByRole("link", { name: "Storage", exact: true }).click();
  await page.getByRole("link", { name: "every team's storage and quotas" }).click();
  await expect(page.getByRole("heading", { name: "Instance administration" })).toBeVisible();
  const table = page.getByRole("table", { name: "Teams' storage" });
  const team = (await (await page.request.get("/api/v1/team/storage")).json()).teamName as string;
  const row = table.getByRole("row").filter({ hasText: team });
  await row.getByRole("button", { name: `Set the quota of ${team}` }).click();
  await page.getByRole("textbox", { name: "Quota" }).fill("5GiB");
  await page.getByRole("button", { name: "Save quota" }).click();
  await expect(row.getByText("5.0 GiB", { exact: true })).toBeVisible();
  expect((await (await page.request.get("/api/v1/team/storage")).json()).quotaBytes).toBe(5 * 1024 ** 3);
  await row.getByRole("button", { name: `Set the quota of ${team}` }).click();
  await page.getByRole("textbox", { name: "Quota" }).fill("");
  await page.getByRole("button", { name: "Save quota" }).click();
  await expect(row.getByText("default", { exact: true })).toBeVisible();
});
