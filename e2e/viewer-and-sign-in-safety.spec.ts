// A viewer sees no write control on any page of an application (the API would answer
// 403), while the owner does; then the web-safety rules in a real browser: a protected
// page sends its own path and query through sign-in, a callbackUrl naming another host
// leads to /apps, sign-out ends the session on the server, and a page on another port
// of the same host cannot ride the session cookie to create anything.
import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { writeImageLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "../lib/registry/http/test-skopeo";
import { createToken, expect, newAccount, test } from "./support/fixtures";

let work: string;
let skopeo: SkopeoEnvironment;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-viewer-"));
  skopeo = await prepareSkopeo(work);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

// Pages fetch their data after loading; on a busy machine that takes a while.
const LOAD_TIMEOUT = 30_000;

// Words that start every control changing something in the portal.
const WRITE_CONTROL = /^(new |edit|archive|restore|delete|rotate|promote|demote|build|retry|collect|preview collection|create|add |continue draft|write the first|invite|remove)/i;

/** The visible buttons and links of the page's main area whose names read as a change. */
async function listWriteControls(page: Page): Promise<string[]> {
  const names = await page
    .locator("main button:visible, main a:visible, main input[type=checkbox]:visible:enabled")
    .evaluateAll((elements) => elements.map((element) => (element.getAttribute("aria-label") || element.textContent || "").trim()));
  return names.filter((name) => WRITE_CONTROL.test(name));
}

test("a viewer sees no write control on the application's pages; the owner does", async ({ signedIn: owner, account, browser, baseURL }) => {
  test.setTimeout(300_000);
  const host = new URL(baseURL!).host;
  const app = await owner.request.post("/api/v1/apps", { data: { name: `Viewer app ${Date.now()}` } });
  expect(app.status()).toBe(201);
  const slug = (await app.json()).app.slug as string;
  const customer = await owner.request.post(`/api/v1/apps/${slug}/customers`, { data: { name: "Acme Corp", channel: "Stable" } });
  expect(customer.status(), await customer.text()).toBe(201);
  const customerId = (await customer.json()).customer.id as string;
  const layout = path.join(work, `layout-${slug}`);
  await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: [20_000] });
  await skopeoCopy(skopeo, `oci:${layout}:v1`, `docker://${host}/${slug}/web:1.0.0`, `${account.email}:${await createToken(owner.request, account)}`);

  // The owner's customers page has its controls (so the check below can see them).
  await owner.goto(`/apps/${slug}/customers`);
  await expect(owner.getByRole("link", { name: "Acme Corp" })).toBeVisible({ timeout: LOAD_TIMEOUT });
  expect(await listWriteControls(owner)).toContain("New customer");

  const invitation = await owner.request.post("/api/v1/team/invitations", { data: { email: newAccount("viewer").email, role: "viewer" } });
  expect(invitation.status()).toBe(201);
  const { url, id } = (await invitation.json()).invitation as { url: string; id: string };
  expect(id).toBeTruthy();
  const context = await browser.newContext({ baseURL });
  const viewer = await context.newPage();
  await viewer.goto(url);
  await viewer.getByLabel("Your name").fill("Vera Viewer");
  await viewer.getByLabel("Choose a password").fill("viewer password 1");
  await viewer.getByRole("button", { name: "Create account and join" }).click();
  await expect(viewer).toHaveURL(/\/apps$/, { timeout: LOAD_TIMEOUT });

  const pages: [string, () => Promise<void>][] = [
    ["/apps", () => expect(viewer.getByRole("link", { name: slug })).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/customers`, () => expect(viewer.getByRole("link", { name: "Acme Corp" })).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/customers/${customerId}`, () => expect(viewer.getByRole("button", { name: "Download license" })).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/channels`, () => expect(viewer.getByRole("button", { name: "History of Stable" })).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/images`, () => expect(viewer.getByTestId("stored-bytes")).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/images/web`, () => expect(viewer.getByTestId("tag-row-1.0.0")).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/images/web/-/1.0.0`, () => expect(viewer.getByText("Pulled by customers").first()).toBeVisible({ timeout: LOAD_TIMEOUT })],
    [`/apps/${slug}/releases`, () => expect(viewer.getByText("No releases yet")).toBeVisible({ timeout: LOAD_TIMEOUT })],
    ["/settings/registries", () => expect(viewer.getByText("No external registries yet")).toBeVisible({ timeout: LOAD_TIMEOUT })],
  ];
  for (const [pagePath, loaded] of pages) {
    await viewer.goto(pagePath);
    await loaded();
    expect(await listWriteControls(viewer), pagePath).toEqual([]);
  }
  // They read why, with the role that would allow it.
  await viewer.goto(`/apps/${slug}/customers`);
  await expect(viewer.getByTestId("permission-note")).toHaveText(/viewer.*needs the developer role/);
  await context.close();
});

test("sign-in returns to the page asked for, never to another host", async ({ account, browser, baseURL }) => {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto("/tokens?from=e2e");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Ftokens%3Ffrom%3De2e$/);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/tokens\?from=e2e$/);
  await context.close();

  for (const target of ["/%5Cevil.example/x", "/%09/evil.example", "/%0A/evil.example", "https://evil.example/"]) {
    const fresh = await browser.newContext({ baseURL });
    const tab = await fresh.newPage();
    await tab.goto(`/sign-in?callbackUrl=${target}`);
    await tab.getByLabel("E-mail").fill(account.email);
    await tab.getByLabel("Password").fill(account.password);
    await tab.getByRole("button", { name: "Sign in" }).click();
    await expect(tab, target).toHaveURL(new RegExp(`^${baseURL}/apps$`));
    await fresh.close();
  }
});

test("signing out ends the session on the server: a copy of the cookie stops working", async ({ signedIn: page, playwright, baseURL }) => {
  const cookies = await page.context().cookies();
  const session = cookies.find((cookie) => cookie.name.endsWith("next-auth.session-token"))!;
  const header = { cookie: `${session.name}=${session.value}` };
  const copy = await playwright.request.newContext({ baseURL });
  expect((await copy.get("/api/v1/apps", { headers: header })).status()).toBe(200);
  await page.goto("/apps");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect((await copy.get("/api/v1/apps", { headers: header })).status()).toBe(401);
  await copy.dispose();
});

test("a page on another port of the same host cannot ride the session cookie; the portal's own forms still work", async ({ signedIn: page, baseURL }) => {
  const portal = new URL(baseURL!);
  const name = `Forged ${Date.now()}`;
  const attackerPage = `<!doctype html><script>
    fetch(${JSON.stringify(`${portal.origin}/api/v1/apps`)}, { method: "POST", mode: "no-cors", credentials: "include", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(JSON.stringify({ name }))} })
      .finally(() => { document.title = "sent"; });
  </script>`;
  const server: Server = createServer((_req, res) => res.writeHead(200, { "content-type": "text/html" }).end(attackerPage));
  await new Promise<void>((resolve) => server.listen(0, "localhost", resolve));
  try {
    const port = (server.address() as AddressInfo).port;
    const attacker = await page.context().newPage();
    await attacker.goto(`http://localhost:${port}/`);
    await expect(attacker).toHaveTitle("sent");
    await attacker.close();
  } finally {
    server.close();
  }
  const apps = (await (await page.request.get("/api/v1/apps")).json()).apps as { name: string }[];
  expect(apps.map((app) => app.name)).not.toContain(name);

  // The portal's own form, from its own origin, still creates.
  await page.goto("/apps");
  await page.getByLabel("Application name").fill("Made here");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page.getByText("Made here").first()).toBeVisible();
  expect(((await (await page.request.get("/api/v1/apps")).json()).apps as { name: string }[]).map((app) => app.name)).toContain("Made here");
});
