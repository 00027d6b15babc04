// The portal's pages work under its Content-Security-Policy: no violation on any page a
// vendor visits (scripts hydrate, the editor runs, copy buttons work), and every
// response carries the framing, sniffing and referrer headers.
import type { Page } from "@playwright/test";
import { expect, newAccount, signUpOverHttp, signInOverHttp, test } from "./support/fixtures";

/** Collects every CSP violation the page reports, from the console and from the DOM event. */
async function watchViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy|CSP violation/i.test(message.text())) violations.push(message.text());
  });
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI} at ${location.pathname} ${event.sourceFile}:${event.lineNumber}`));
  });
  return violations;
}

test("pages carry the CSP with a fresh nonce each time, and the framing, sniffing and referrer headers", async ({ request }) => {
  const first = await request.get("/sign-in");
  const second = await request.get("/sign-in");
  const policy = first.headers()["content-security-policy"]!;
  expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(policy).toContain("frame-ancestors 'none'");
  expect(policy).toContain("object-src 'none'");
  expect(second.headers()["content-security-policy"]).not.toBe(policy);
  const nonce = /'nonce-([^']+)'/.exec(policy)![1]!;
  expect(await first.text()).toContain(`nonce="${nonce}"`);
  for (const response of [first, await request.get("/api/v1/apps")]) {
    expect(response.headers()["x-frame-options"]).toBe("DENY");
    expect(response.headers()["x-content-type-options"]).toBe("nosniff");
    expect(response.headers()["referrer-policy"]).toBe("same-origin");
  }
});

test("a vendor's pages run without a single CSP violation", async ({ page, request }) => {
  const violations = await watchViolations(page);
  await page.goto("/sign-in");
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  const account = newAccount("csp");
  await signUpOverHttp(request, account);
  await signInOverHttp(page, account);

  await page.goto("/apps");
  await page.getByLabel("Application name").fill("CSP App");
  // The slug follows the name only when React hydrated, i.e. the page's scripts ran.
  await expect(page.getByLabel("Slug")).toHaveValue("csp-app");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page).toHaveURL(/\/apps\/csp-app$/);

  await page.goto("/apps/csp-app/releases/new");
  await page.locator(".cm-content").click();
  await page.keyboard.insertText("images:\n  - {source: public, name: redis, tag: \"7\"}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: cache}\nspec:\n  containers:\n    - {name: redis, image: \"redis:7\"}\n");
  await expect(page.getByRole("table", { name: "Container images in the release" }).getByText("redis:7", { exact: true })).toBeVisible();

  for (const path of ["/apps/csp-app", "/apps/csp-app/images", "/apps/csp-app/customers", "/tokens", "/settings/registries"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBeLessThan(400);
    await page.waitForLoadState("networkidle");
  }
  expect(violations).toEqual([]);
});
