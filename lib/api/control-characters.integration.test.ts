/**
 * Control characters in input are refused at the boundary with 400 and the field named,
 * instead of reaching PostgreSQL (which cannot store NUL in text and fails with an
 * internal error): API bodies and queries, Basic credentials at /api/v1/tokens.
 */
import { beforeAll, describe, expect, it } from "vitest";
import * as appsRoute from "@/app/api/v1/apps/route";
import * as repositoriesRoute from "@/app/api/v1/apps/[slug]/images/route";
import * as tokensRoute from "@/app/api/v1/tokens/route";
import * as usersRoute from "@/app/api/v1/users/route";
import { callRoute } from "@/lib/test/call-route";
import { testDatabaseUrl, uniqueSuffix } from "@/lib/test/database";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";

let account: TestAccount;
let slug: string;

beforeAll(async () => {
  testDatabaseUrl();
  account = await createTestAccount("control");
  slug = `control-${uniqueSuffix()}`;
  const created = await callRoute(appsRoute.POST, { method: "POST", token: account.token, json: { name: "Control", slug } });
  expect(created.status).toBe(201);
});

describe("control characters in input", () => {
  it("are refused in a JSON body with the field named, before sign-up touches the database", async () => {
    const res = await callRoute(usersRoute.POST, { method: "POST", json: { email: `nul\u0000-${uniqueSuffix()}@example.test`, password: "a long password", name: "A", team: "T" } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_input", message: "body.email: contains the control character U+0000; remove it and send the request again." });
    const nested = await callRoute(appsRoute.POST, { method: "POST", token: account.token, json: { name: "Bell\u0007", slug: `b-${uniqueSuffix()}` } });
    expect(nested.status).toBe(400);
    expect(nested.body.error.details).toEqual([{ path: "body.name", issue: "contains the control character U+0007" }]);
  });

  it("are refused in a query (the images search)", async () => {
    const res = await callRoute(repositoriesRoute.GET, { token: account.token, params: { slug }, path: `/api/v1/apps/${slug}/images?q=a%00b` });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^query\.q: contains the control character U\+0000/);
  });

  it("make Basic credentials wrong credentials (401), not a server error", async () => {
    const res = await callRoute(tokensRoute.POST, { method: "POST", basic: { username: `${account.email}\u0000`, password: account.password }, json: { name: "ci" } });
    expect(res.status).toBe(401);
  });

  it("leave tabs and line breaks alone: multi-line text is ordinary input", async () => {
    const res = await callRoute(appsRoute.POST, { method: "POST", token: account.token, json: { name: "Tabs\tand\nbreaks", slug: `t-${uniqueSuffix()}` } });
    expect(res.status).not.toBe(500);
    expect(res.body.error?.message ?? "").not.toContain("control character");
  });
});
