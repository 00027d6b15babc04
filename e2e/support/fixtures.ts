// Each test gets a fresh account (and so a fresh team), signed in over HTTP, so tests
// run in parallel without seeing each other's data.
import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { randomBytes } from "node:crypto";

export interface Account {
  name: string;
  email: string;
  password: string;
  team: string;
}

export function newAccount(label = "user"): Account {
  const id = randomBytes(4).toString("hex");
  return { name: `E2E ${label}`, email: `${label}-${id}@example.test`, password: `secret-${id}-password`, team: `Team ${id}` };
}

export async function signUpOverHttp(request: APIRequestContext, account: Account): Promise<void> {
  const res = await request.post("/api/v1/users", { data: account });
  expect(res.status(), await res.text()).toBe(201);
}

/** Signs in through next-auth's credentials callback; the session cookie lands in the page's context. */
export async function signInOverHttp(page: Page, account: Account): Promise<void> {
  const request = page.context().request;
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, email: account.email, password: account.password, json: "true" },
  });
  expect(res.ok()).toBe(true);
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("next-auth.session-token"))).toBe(true);
}

/** A personal access token for the account, made through the API with HTTP Basic. */
export async function createToken(request: APIRequestContext, account: Account, name = "e2e"): Promise<string> {
  const res = await request.post("/api/v1/tokens", {
    headers: { authorization: `Basic ${Buffer.from(`${account.email}:${account.password}`).toString("base64")}` },
    data: { name },
  });
  expect(res.status()).toBe(201);
  return (await res.json()).token;
}

export const test = base.extend<{ account: Account; signedIn: Page }>({
  account: async ({ request }, provide) => {
    const account = newAccount();
    await signUpOverHttp(request, account);
    await provide(account);
  },
  signedIn: async ({ page, account }, provide) => {
    await signInOverHttp(page, account);
    await provide(page);
  },
});

export { expect };
