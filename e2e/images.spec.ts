// Images end to end: real pushes with skopeo into the portal's own /v2/ registry, using a
// token made on the Tokens page, then the images pages in a real browser.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { formatBytes, shortDigest } from "../lib/images/describe/format";
import { writeImageLayout, writeIndexLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, runSkopeo, skopeoCopy, type SkopeoEnvironment } from "../lib/registry/http/test-skopeo";
import { createToken, expect, newAccount, signInOverHttp, signUpOverHttp, test } from "./support/fixtures";

let work: string;
let skopeo: SkopeoEnvironment;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-images-"));
  skopeo = await prepareSkopeo(work);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function createAppInBrowser(page: Page, name: string): Promise<string> {
  const res = await page.request.post("/api/v1/apps", { data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()).app.slug;
}

async function createTokenInBrowser(page: Page, name: string): Promise<string> {
  await page.goto("/tokens");
  await page.getByLabel("Token name").fill(name);
  await page.getByRole("button", { name: "Create token" }).click();
  const token = await page.getByTestId("new-token").textContent();
  expect(token).toMatch(/^slw_/);
  return token!;
}

/** Compressed size as the registry counts it: the config plus every layer of the layout's manifest. */
async function imageSize(layout: string, manifestDigest: string): Promise<number> {
  const manifest = JSON.parse(await readFile(path.join(layout, "blobs", "sha256", manifestDigest.slice(7)), "utf8"));
  return manifest.config.size + manifest.layers.reduce((sum: number, layer: { size: number }) => sum + layer.size, 0);
}

test("a skopeo push appears without a reload, with skopeo's digest and size, and deleting the tag in the browser unpublishes it", async ({ signedIn: page, account, baseURL }) => {
  const host = new URL(baseURL!).host;
  const slug = await createAppInBrowser(page, `Shop ${Date.now()}`);
  const token = await createTokenInBrowser(page, "skopeo push");

  await page.goto(`/apps/${slug}/images`);
  await expect(page.getByRole("heading", { name: "No images yet" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Push an image" })).toBeVisible();

  const layout = path.join(work, `single-${slug}`);
  await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: [300_000, 20_000] });
  const digestFile = path.join(work, `single-${slug}.digest`);
  await skopeoCopy(skopeo, `oci:${layout}:v1`, `docker://${host}/${slug}/web:v1`, `${account.email}:${token}`, ["--digestfile", digestFile]);
  const reported = (await readFile(digestFile, "utf8")).trim();
  expect(reported).toMatch(/^sha256:[0-9a-f]{64}$/);
  const size = await imageSize(layout, reported);

  // No reload: the list polls.
  const repository = page.getByRole("link", { name: "web", exact: true });
  await expect(repository).toBeVisible({ timeout: 8_000 });
  await repository.click();
  await expect(page).toHaveURL(new RegExp(`/apps/${slug}/images/web$`));
  const row = page.getByTestId("tag-row-v1");
  await expect(row.getByTitle(reported)).toHaveText(shortDigest(reported));
  await expect(row.getByText(formatBytes(size), { exact: true })).toHaveAttribute("title", `${size} bytes`);
  await expect(row.getByText("linux/amd64")).toBeVisible();
  await expect(row.getByText("skopeo push (token)")).toBeVisible();

  // The dialog names the tag, keeps focus inside, and Escape closes it.
  await row.getByRole("button", { name: "Delete tag v1" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete tag v1?" });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Tab");
  await page.keyboard.press("Tab");
  await expect(dialog.getByRole("button", { name: "Cancel" })).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();

  await row.getByRole("button", { name: "Delete tag v1" }).click();
  await page.getByRole("dialog", { name: "Delete tag v1?" }).getByRole("button", { name: "Delete tag" }).click();
  await expect(page.getByTestId("tag-row-v1")).toHaveCount(0);
  await expect(runSkopeo(skopeo, ["inspect", "--tls-verify=false", "--creds", `${account.email}:${token}`, `docker://${host}/${slug}/web:v1`])).rejects.toThrow(/manifest unknown/i);
});

test("a two-platform index shows both platforms, and its detail lists them with copyable pull commands", async ({ signedIn: page, account, baseURL }) => {
  const host = new URL(baseURL!).host;
  const slug = await createAppInBrowser(page, `Multi ${Date.now()}`);
  const token = await createToken(page.request, account, "multi");
  const layout = path.join(work, `multi-${slug}`);
  const index = await writeIndexLayout(layout, "2.0", [
    { os: "linux", architecture: "amd64", layerSizes: [100_000] },
    { os: "linux", architecture: "arm64", layerSizes: [120_000] },
  ]);
  await skopeoCopy(skopeo, `oci:${layout}:2.0`, `docker://${host}/${slug}/team/api:2.0`, `${account.email}:${token}`, ["--all"]);

  await page.goto(`/apps/${slug}/images/team/api`);
  const row = page.getByTestId("tag-row-2.0");
  await expect(row.getByText("Multi-platform index")).toBeVisible();
  await expect(row.getByRole("list", { name: "Platforms" }).getByRole("listitem")).toHaveText(["linux/amd64", "linux/arm64"]);
  await expect(row).not.toContainText("unknown");

  await row.getByRole("link", { name: "2.0" }).click();
  await expect(page.getByTestId("manifest-digest")).toHaveText(index.digest);
  const children = page.getByRole("table", { name: "Index children" });
  await expect(children.getByText("linux/amd64")).toBeVisible();
  await expect(children.getByText("linux/arm64")).toBeVisible();
  await expect(page.getByText(`docker pull ${host}/${slug}/team/api@${index.digest}`)).toBeVisible();
  await expect(page.getByRole("button", { name: `Copy: docker pull ${host}/${slug}/team/api:2.0` })).toBeVisible();
});

test("the push instructions follow what the user types and explain an invalid name or tag", async ({ signedIn: page, account, baseURL }) => {
  const host = new URL(baseURL!).host;
  const slug = await createAppInBrowser(page, `Empty ${Date.now()}`);
  await page.goto(`/apps/${slug}/images`);
  await page.getByLabel("Image name").fill("team/worker");
  await page.getByLabel("Version (tag)").fill("2.1.0");
  await expect(page.getByTestId("push-target")).toHaveText(`${host}/${slug}/team/worker:2.1.0`);
  await expect(page.getByText(`docker push ${host}/${slug}/team/worker:2.1.0`, { exact: true })).toBeVisible();

  await page.getByLabel("Image name").fill("Team/Worker");
  await expect(page.getByText(`"Team" has uppercase letters; repository names are lowercase`)).toBeVisible();
  await page.getByLabel("Version (tag)").fill("-rc");
  await expect(page.getByText(`a tag may not start with "-"`)).toBeVisible();
  await expect(page.getByTestId("push-target")).toHaveText(`${host}/${slug}/<image>:<version>`);

  await page.getByRole("button", { name: "Podman" }).click();
  await expect(page.getByText(`podman login --tls-verify=false ${host} -u ${account.email}`, { exact: true })).toBeVisible();
});

test("another team gets a 404 for the images pages and API", async ({ signedIn: page, browser, request }) => {
  const slug = await createAppInBrowser(page, `Private ${Date.now()}`);
  const stranger = newAccount("stranger");
  await signUpOverHttp(request, stranger);
  const context = await browser.newContext();
  const strangerPage = await context.newPage();
  await signInOverHttp(strangerPage, stranger);
  expect((await strangerPage.goto(`/apps/${slug}/images`))?.status()).toBe(404);
  expect((await strangerPage.goto(`/apps/${slug}/images/web`))?.status()).toBe(404);
  const token = await createToken(request, stranger);
  const api = await request.get(`/api/v1/apps/${slug}/images`, { headers: { authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(404);
  await context.close();
});
