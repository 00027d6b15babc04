// The portal's frame on a phone (a keyboard-usable menu), signed-in people kept out of
// the sign-in and sign-up forms, one <main> on a 404, and the release preview API
// answering from its worker threads in the production build.
import { container, deployment } from "../lib/releases/test-fixtures";
import { createToken, expect, test } from "./support/fixtures";

test("on a 390 px phone the header's links sit behind a Menu button that works from the keyboard", async ({ signedIn: page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/apps");
  const menu = page.getByRole("button", { name: "Menu" });
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(page.getByRole("link", { name: "Tokens", exact: true })).toBeHidden();
  // Nothing sticks out sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);

  await menu.focus();
  await page.keyboard.press("Enter");
  await expect(menu).toHaveAttribute("aria-expanded", "true");
  const tokensLink = page.getByRole("link", { name: "Tokens", exact: true });
  await expect(tokensLink).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  const box = await tokensLink.boundingBox();
  expect(box && box.x + box.width).toBeLessThanOrEqual(390);

  await page.keyboard.press("Escape");
  await expect(menu).toHaveAttribute("aria-expanded", "false");
  await expect(menu).toBeFocused();

  await page.keyboard.press("Enter");
  await page.keyboard.press("Tab");
  await expect(page.getByRole("link", { name: "Applications" })).toBeFocused();
  await tokensLink.click();
  await expect(page).toHaveURL(/\/tokens$/);
  await expect(menu).toHaveAttribute("aria-expanded", "false");
});

test("at 1280 px the links show without a menu", async ({ signedIn: page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/apps");
  await expect(page.getByRole("button", { name: "Menu" })).toBeHidden();
  await expect(page.getByRole("link", { name: "Tokens", exact: true })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  // Every link of the owner's header fits in one row: nothing sticks out sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
});

test("signed-in people are sent on from the sign-in and sign-up pages", async ({ signedIn: page }) => {
  await page.goto("/sign-in?callbackUrl=%2Ftokens");
  await expect(page).toHaveURL(/\/tokens$/);
  await page.goto("/sign-up");
  await expect(page).toHaveURL(/\/apps$/);
  // An outside target is not followed (the safe return path).
  await page.goto("/sign-in?callbackUrl=https%3A%2F%2Fexample.com%2F");
  await expect(page).toHaveURL(/\/apps$/);
});

test("a 404 has exactly one main landmark, signed in or not", async ({ signedIn: page, browser, baseURL }) => {
  await page.goto("/apps/no-such-app-anywhere");
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(page.locator("main")).toHaveCount(1);
  await page.goto("/no/such/page");
  await expect(page.locator("main")).toHaveCount(1);

  const anonymous = await browser.newContext({ baseURL });
  const stranger = await anonymous.newPage();
  await stranger.goto("/no/such/page");
  await expect(stranger.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(stranger.locator("main")).toHaveCount(1);
  await anonymous.close();
});

test("the release preview API answers from its worker threads in the production build", async ({ account, request }) => {
  const token = await createToken(request, account);
  const auth = { authorization: `Bearer ${token}` };
  const created = await request.post("/api/v1/apps", { headers: auth, data: { name: "Preview Worker" } });
  expect(created.status(), await created.text()).toBe(201);
  const { slug } = (await created.json()).app;
  const yaml = deployment("web", container("web", "redis:7"), { replicas: "two", pullSecret: false });
  const preview = await request.post(`/api/v1/apps/${slug}/releases/preview`, { headers: { ...auth, "content-type": "application/yaml" }, data: yaml });
  expect(preview.status(), await preview.text()).toBe(200);
  const body = await preview.json();
  expect(body.images.map((image: { image: string }) => image.image)).toEqual(["redis:7"]);
  // The schema check ran in the worker too.
  expect(body.diagnostics.map((d: { code: string }) => d.code)).toContain("invalid-kubernetes-object");
});

test("the release editor page ends where its content ends (no blank scroll)", async ({ signedIn: page, account, request }) => {
  const token = await createToken(request, account);
  const created = await request.post("/api/v1/apps", { headers: { authorization: `Bearer ${token}` }, data: { name: "Editor Page" } });
  const { slug } = (await created.json()).app;
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto(`/apps/${slug}/releases/new`);
  await expect(page.getByRole("button", { name: "Create release" })).toBeVisible();
  await page.screenshot({ path: test.info().outputPath("release-editor.png"), fullPage: true });
  // Below the lowest visible element of the page, only the page's own padding may follow.
  const blank = await page.evaluate(() => {
    const bottoms = [...document.querySelectorAll("main *")]
      .filter((element) => element.checkVisibility() && element.getBoundingClientRect().height > 0)
      .map((element) => element.getBoundingClientRect().bottom + window.scrollY);
    return document.documentElement.scrollHeight - Math.max(...bottoms);
  });
  expect(blank).toBeLessThan(80);
});
