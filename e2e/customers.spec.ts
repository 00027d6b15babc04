// The customer side end to end: a vendor pushes an image and releases it, then in the
// browser adds a channel, promotes the release to it, creates a customer on it, downloads
// the signed license and copies the login command; the customer pulls with skopeo using
// the license ID, and the pull appears on the customer's page without a reload.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { parse as parseYaml } from "yaml";
import { writeImageLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "../lib/registry/http/test-skopeo";
import { container, deployment } from "../lib/releases/test-fixtures";
import { createToken, expect, newAccount, signInOverHttp, signUpOverHttp, test } from "./support/fixtures";

let work: string;
let skopeo: SkopeoEnvironment;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-customers-"));
  skopeo = await prepareSkopeo(work);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

function releaseYaml(host: string, slug: string): string {
  return `images:\n  - source: replicated\n    name: web\n    tag: "1.0"\n---\n${deployment("web", container("web", `${host}/${slug}/web:1.0`))}`;
}

/** An app with web:1.0 pushed by skopeo with a token, and release 1 using it, all over the API. */
async function createReleasedApp(page: Page, account: { email: string; password: string; name: string; team: string }, host: string): Promise<string> {
  const request = page.context().request;
  const app = await request.post("/api/v1/apps", { data: { name: `Shipyard ${Date.now()}` } });
  expect(app.status(), await app.text()).toBe(201);
  const slug: string = (await app.json()).app.slug;
  const token = await createToken(request, account, "push");
  const layout = path.join(work, `web-${slug}`);
  await writeImageLayout(layout, "1.0", { os: "linux", architecture: "amd64", layerSizes: [40_000] });
  await skopeoCopy(skopeo, `oci:${layout}:1.0`, `docker://${host}/${slug}/web:1.0`, `${account.email}:${token}`);
  const release = await request.post(`/api/v1/apps/${slug}/releases`, { data: { yaml: releaseYaml(host, slug), notes: "First cut" } });
  expect(release.status(), await release.text()).toBe(201);
  return slug;
}

test("promote a release to a new channel, license a customer on it, and see the customer's skopeo pull without a reload", async ({ signedIn: page, account, baseURL }) => {
  test.setTimeout(120_000);
  const host = new URL(baseURL!).host;
  const slug = await createReleasedApp(page, account, host);

  // A channel of our own, from the Channels tab.
  await page.goto(`/apps/${slug}/channels`);
  await page.getByRole("button", { name: "New channel" }).click();
  const channelDialog = page.getByRole("dialog", { name: "New channel" });
  await expect(channelDialog.getByLabel("Channel name")).toBeFocused();
  await channelDialog.getByLabel("Channel name").fill("Enterprise");
  await channelDialog.getByRole("button", { name: "Add channel" }).click();
  await expect(channelDialog).toBeHidden();
  const channels = page.getByRole("list", { name: "Channels" });
  const enterprise = channels.getByRole("listitem").filter({ has: page.getByRole("heading", { name: "Enterprise" }) });
  await expect(enterprise.getByText("No release promoted yet")).toBeVisible();

  // Promote release 1 from its page; the notes are Markdown, and HTML in them stays text.
  await page.goto(`/apps/${slug}/releases/1`);
  await page.getByRole("button", { name: "Promote" }).click();
  const promote = page.getByRole("dialog", { name: "Promote release 1" });
  await promote.getByLabel("Channel").selectOption("Enterprise");
  await promote.getByLabel("Version label").fill("1.0.0");
  await promote.getByLabel("Release notes").fill("**Initial** release <b>for</b> customers");
  await promote.getByRole("button", { name: "Promote" }).click();
  await expect(promote).toBeHidden();
  await expect(page.getByRole("status").getByText(/Promoted release 1 to Enterprise as/)).toBeVisible();

  // A second promotion with the same label is refused with the server's message.
  await page.getByRole("button", { name: "Promote" }).click();
  await promote.getByLabel("Channel").selectOption("Enterprise");
  await promote.getByLabel("Version label").fill("1.0.0");
  await promote.getByRole("button", { name: "Promote" }).click();
  await expect(promote.getByRole("alert")).toContainText("1.0.0");
  await promote.getByRole("button", { name: "Cancel" }).click();

  await page.getByRole("link", { name: "View the Enterprise channel" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${slug}/channels#channel-Enterprise$`));
  await expect(enterprise.getByRole("link", { name: "Release 1" }).first()).toBeVisible();
  const history = enterprise.getByRole("list", { name: "Promotions to Enterprise" });
  await expect(history.locator("strong", { hasText: "Initial" })).toBeVisible();
  await expect(history.getByText("release <b>for</b> customers")).toBeVisible();
  await expect(history.locator("b")).toHaveCount(0);

  // A customer on the channel.
  await page.getByRole("navigation", { name: "Application sections" }).getByRole("link", { name: "Customers" }).click();
  await expect(page.getByRole("heading", { name: "No customers yet" })).toBeVisible();
  await page.getByRole("button", { name: "New customer" }).first().click();
  const customerDialog = page.getByRole("dialog", { name: "New customer" });
  await customerDialog.getByLabel("Name").fill("Acme Corp");
  await customerDialog.getByLabel("E-mail (optional)").fill("ops@acme.example");
  await customerDialog.getByLabel("Channel").selectOption("Enterprise");
  await customerDialog.getByLabel("License type").selectOption("paid");
  await customerDialog.getByLabel(/Airgap installs/).check();
  await customerDialog.getByRole("button", { name: "Create customer" }).click();
  await expect(page).toHaveURL(new RegExp(`/apps/${slug}/customers/[0-9a-f-]{36}$`));
  const customerUrl = page.url();
  await expect(page.getByRole("heading", { name: /Acme Corp/ })).toBeVisible();

  // The license ID is masked until revealed.
  const licenseField = page.getByTestId("license-id");
  await expect(licenseField).toHaveText(/^[0-9A-Za-z]{4}•{12}$/);
  await page.getByRole("button", { name: "Reveal" }).click();
  await expect(licenseField).toHaveText(/^[0-9A-Za-z]{32}$/);
  const licenseId = (await licenseField.textContent())!;

  // The license file: named after the customer, carrying the ID and a signature.
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download license" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("acme-corp-license.yaml");
  const licenseFile = await readFile((await download.path())!, "utf8");
  const license = parseYaml(licenseFile);
  expect(license.spec).toMatchObject({ licenseId, customerName: "Acme Corp", channel: "Enterprise", licenseType: "paid", entitlements: { airgap: true } });
  expect(license.signature.algorithm).toBe("Ed25519");
  expect(Buffer.from(license.signature.value, "base64")).toHaveLength(64);
  const verdict = await page.request.post("/api/v1/licenses/verify", { headers: { "content-type": "application/yaml" }, data: licenseFile });
  expect(await verdict.json()).toMatchObject({ valid: true });

  // The docker login command lands on the clipboard with the real ID.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByRole("button", { name: /^Copy: docker login / }).click();
  await expect(page.getByRole("button", { name: "Copied" })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`docker login ${host} -u ${licenseId} -p ${licenseId}`);

  // The customer pulls with the license; the page polls and shows it.
  await expect(page.getByRole("heading", { name: "No pulls yet" })).toBeVisible();
  await skopeoCopy(skopeo, `docker://${host}/${slug}/web:1.0`, `oci:${path.join(work, `pulled-${slug}`)}:1.0`, `${licenseId}:${licenseId}`);
  const pulls = page.getByRole("table", { name: "Recent pulls" });
  const pulled = pulls.getByRole("link", { name: `${slug}/web:1.0` });
  await expect(pulled).toBeVisible({ timeout: 15_000 });
  expect(page.url()).toBe(customerUrl);
  const perImage = page.getByRole("table", { name: "Pulls per image" });
  await expect(perImage.getByRole("row", { name: new RegExp(`^${slug}/web \\d+`) })).toBeVisible();

  // The tag's page says who pulled it.
  await pulled.click();
  await expect(page.getByRole("table", { name: "Pulled by customers" }).getByRole("link", { name: "Acme Corp" })).toBeVisible();

  // A channel with a customer on it cannot be archived, and the page says why.
  await page.goto(`/apps/${slug}/channels`);
  await page.getByRole("button", { name: "Archive Enterprise" }).click();
  const archive = page.getByRole("dialog", { name: "Archive channel “Enterprise”?" });
  await archive.getByRole("button", { name: "Archive channel" }).click();
  await expect(archive.getByRole("alert")).toContainText(/customer/i);
});

test("another team gets a 404 for the customer page and its API", async ({ signedIn: page, browser, request }) => {
  const app = await page.request.post("/api/v1/apps", { data: { name: `Private ${Date.now()}` } });
  const slug: string = (await app.json()).app.slug;
  const created = await page.request.post(`/api/v1/apps/${slug}/customers`, { data: { name: "Hidden Inc", channel: "Stable" } });
  expect(created.status(), await created.text()).toBe(201);
  const { customer } = await created.json();

  const stranger = newAccount("stranger");
  await signUpOverHttp(request, stranger);
  const context = await browser.newContext();
  const strangerPage = await context.newPage();
  await signInOverHttp(strangerPage, stranger);
  expect((await strangerPage.goto(`/apps/${slug}/customers/${customer.id}`))?.status()).toBe(404);
  expect((await strangerPage.goto(`/apps/${slug}/customers`))?.status()).toBe(404);
  expect((await strangerPage.goto(`/apps/${slug}/channels`))?.status()).toBe(404);
  await expect(strangerPage.getByText("Hidden Inc")).toHaveCount(0);
  const token = await createToken(request, stranger);
  const api = await request.get(`/api/v1/apps/${slug}/customers/${customer.id}`, { headers: { authorization: `Bearer ${token}` } });
  expect(api.status()).toBe(404);
  await context.close();
});
