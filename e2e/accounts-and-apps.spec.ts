import { expect, newAccount, signInOverHttp, signUpOverHttp, test } from "./support/fixtures";

test("sign up in the browser, create My App, sign out, sign in, and see it again", async ({ page }) => {
  const account = newAccount("browser");
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill(account.name);
  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByLabel("Team name").fill(account.team);
  await page.getByRole("button", { name: "Create account" }).click();

  await expect(page).toHaveURL(/\/apps$/);
  await expect(page.getByText("No applications yet")).toBeVisible();

  await page.getByLabel("Application name").fill("My App");
  await expect(page.getByLabel("Slug")).toHaveValue("my-app");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page).toHaveURL(/\/apps\/my-app$/);
  await expect(page.getByRole("heading", { name: "My App" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/apps");
  await expect(page).toHaveURL(/\/sign-in\?callbackUrl=%2Fapps/);

  await page.getByLabel("E-mail").fill(account.email);
  await page.getByLabel("Password").fill(account.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/apps$/);
  const list = page.getByRole("list", { name: "Applications" });
  await expect(list.getByText("My App")).toBeVisible();
  await expect(list.getByText(/\/my-app$/)).toBeVisible();
});

test("a second user sees an empty list and a 404 page at the first user's app", async ({ page, browser, request }) => {
  const owner = newAccount("owner");
  await signUpOverHttp(request, owner);
  await signInOverHttp(page, owner);
  await page.goto("/apps");
  await page.getByLabel("Application name").fill("Owner Secret App");
  await page.getByRole("button", { name: "Create application" }).click();
  await expect(page).toHaveURL(/\/apps\/owner-secret-app$/);

  const stranger = newAccount("stranger");
  await signUpOverHttp(request, stranger);
  const strangerContext = await browser.newContext();
  const strangerPage = await strangerContext.newPage();
  await signInOverHttp(strangerPage, stranger);
  await strangerPage.goto("/apps");
  await expect(strangerPage.getByText("No applications yet")).toBeVisible();
  const response = await strangerPage.goto("/apps/owner-secret-app");
  expect(response?.status()).toBe(404);
  await expect(strangerPage.getByRole("heading", { name: "Page not found" })).toBeVisible();
  await expect(strangerPage.getByText("Owner Secret App")).toHaveCount(0);
  await strangerContext.close();
});

test("form errors appear next to their fields", async ({ page, request }) => {
  const taken = newAccount("taken");
  await signUpOverHttp(request, taken);
  await page.goto("/sign-up");
  await page.getByLabel("Your name").fill("Someone");
  await page.getByLabel("E-mail").fill(taken.email);
  await page.getByLabel("Password").fill("short");
  await page.getByLabel("Team name").fill("Team");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("Must be at least 10 characters long.")).toBeVisible();

  await page.getByLabel("Password").fill("long enough password");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByText("An account with this e-mail already exists.")).toBeVisible();

  await page.goto("/sign-in");
  await page.getByLabel("E-mail").fill(taken.email);
  await page.getByLabel("Password").fill("wrong password here");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.locator("#field-password-error")).toHaveText("Wrong e-mail or password.");
});

test("personal access tokens are shown once, listed, and revoked", async ({ signedIn: page }) => {
  await page.goto("/tokens");
  await expect(page.getByText("No access tokens")).toBeVisible();
  await page.getByLabel("Token name").fill("CI pipeline");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByTestId("new-token").textContent();
  expect(secret).toMatch(/^slw_[0-9A-Za-z]{40}$/);

  const api = await page.request.get("/api/v1/apps", { headers: { authorization: `Bearer ${secret}` } });
  expect(api.status()).toBe(200);

  const row = page.getByRole("row", { name: /CI pipeline/ });
  await expect(row).toBeVisible();
  await expect(page.getByText(/docker login \S+ -u \S+ --password-stdin/)).toBeVisible();
  await row.getByRole("button", { name: "Revoke" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke token" }).click();
  await expect(page.getByText("No access tokens")).toBeVisible();
  const after = await page.request.get("/api/v1/apps", { headers: { authorization: `Bearer ${secret}` } });
  expect(after.status()).toBe(401);
});
