// Teams end to end in Chromium: the owner invites a developer on the Members page, the
// link is opened in a second browser context where the invitee signs up and joins,
// pushes with a token of their own (skopeo), sees external registries without their
// actions and the members page without its controls; the audit log names each of them.
// Then two-factor: enrolment with a computed code and a sign-in that needs it.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { generate } from "otplib";
import { writeImageLayout } from "../lib/registry/http/test-oci-layout";
import { prepareSkopeo, skopeoCopy, type SkopeoEnvironment } from "../lib/registry/http/test-skopeo";
import { expect, newAccount, test } from "./support/fixtures";

let work: string;
let skopeo: SkopeoEnvironment;

test.beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), "slipway-e2e-teams-"));
  skopeo = await prepareSkopeo(work);
});

test.afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

test("owner invites a developer who joins in another browser, pushes with their own token, and cannot manage registries or members", async ({ signedIn: page, account, browser, baseURL }) => {
  const host = new URL(baseURL!).host;
  const created = await page.request.post("/api/v1/apps", { data: { name: `Team app ${Date.now()}` } });
  expect(created.status()).toBe(201);
  const slug = (await created.json()).app.slug as string;
  const registry = await page.request.post("/api/v1/registries", { data: { name: "quay", endpoint: "127.0.0.1:9/acme", username: "robot", password: "s3cret-value" } });
  expect(registry.status(), await registry.text()).toBe(201);

  await page.goto("/team/members");
  await expect(page.getByRole("heading", { name: `Members of ${account.team}` })).toBeVisible();
  const invitee = newAccount("invitee");
  await page.getByLabel("Invite by e-mail").fill(invitee.email);
  await page.getByLabel("Role", { exact: true }).selectOption("developer");
  await page.getByRole("button", { name: "Invite" }).click();
  const url = (await page.getByTestId("invitation-url").textContent())!;
  expect(url).toMatch(/\/invitations\/inv_[0-9A-Za-z]{40}$/);
  await expect(page.getByRole("table", { name: "Pending invitations" }).getByText(invitee.email)).toBeVisible();

  // The invitee, in a browser context of their own.
  const other = await browser.newContext({ baseURL });
  const guest = await other.newPage();
  await guest.goto(url);
  await expect(guest.getByRole("heading", { name: `Join ${account.team}` })).toBeVisible();
  await expect(guest.getByText(`${invitee.email} is invited as`)).toBeVisible();
  await guest.getByLabel("Your name").fill(invitee.name);
  await guest.getByLabel("Choose a password").fill(invitee.password);
  await guest.getByRole("button", { name: "Create account and join" }).click();
  await expect(guest).toHaveURL(/\/apps$/);
  await expect(guest.getByRole("link", { name: slug })).toBeVisible();

  // A token of their own, and a push with it.
  await guest.goto("/tokens");
  await guest.getByLabel("Token name").fill("laptop");
  await guest.getByRole("button", { name: "Create token" }).click();
  const token = (await guest.getByTestId("new-token").textContent())!;
  const layout = path.join(work, `layout-${slug}`);
  await writeImageLayout(layout, "v1", { os: "linux", architecture: "amd64", layerSizes: [50_000] });
  await skopeoCopy(skopeo, `oci:${layout}:v1`, `docker://${host}/${slug}/web:1.0.0`, `${invitee.email}:${token}`);
  await guest.goto(`/apps/${slug}/images/web`);
  await expect(guest.getByTestId("tag-row-1.0.0")).toBeVisible();

  // External registries: listed, but nothing that uses or changes their secrets.
  await guest.goto("/settings/registries");
  await expect(guest.getByRole("heading", { name: "quay" })).toBeVisible();
  await expect(guest.getByRole("button", { name: "Edit quay" })).toBeHidden();
  await expect(guest.getByRole("button", { name: "Test connection" })).toBeHidden();
  await expect(guest.getByRole("button", { name: "Add registry" })).toHaveCount(0);
  await expect(guest.getByText("s3cret-value")).toHaveCount(0);
  const direct = await guest.request.patch("/api/v1/registries/quay", { data: { username: "mine" } });
  expect(direct.status()).toBe(403);

  // Members: visible, without controls; the invite form is not offered.
  await guest.goto("/team/members");
  await expect(guest.getByTestId(`member-${invitee.email}`).getByText("developer")).toBeVisible();
  await expect(guest.getByLabel("Invite by e-mail")).toHaveCount(0);
  await expect(guest.getByRole("combobox", { name: `Role of ${account.email}` })).toHaveCount(0);
  await expect(guest.getByRole("button", { name: "Remove" })).toHaveCount(0);
  await expect(guest.getByRole("link", { name: "Audit log" })).toHaveCount(0);
  await guest.goto("/team/audit");
  await expect(guest.getByRole("heading", { name: "Not allowed for your role" })).toBeVisible();
  await other.close();

  // The owner sees the new member and, in the audit log, who did what.
  await page.goto("/team/members");
  await expect(page.getByTestId(`member-${invitee.email}`)).toBeVisible();
  await page.goto("/team/audit");
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.getByRole("row").filter({ hasText: "image.pushed" }).filter({ hasText: invitee.email })).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "member.joined" }).filter({ hasText: invitee.email })).toBeVisible();
  await expect(log.getByRole("row").filter({ hasText: "member.invited" }).filter({ hasText: account.email })).toBeVisible();
  await page.getByLabel("Action").selectOption("image.pushed");
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(log.getByRole("row")).toHaveCount(2);
  await expect(log.getByText(`${slug}/web:1.0.0`)).toBeVisible();
});

test("two-factor: enrol with a computed code, then sign-in asks for it", async ({ signedIn: page, account, browser, baseURL }) => {
  await page.goto("/account");
  await page.getByRole("button", { name: "Set up two-factor" }).click();
  const secret = (await page.getByTestId("totp-secret").textContent())!;
  await page.getByLabel("Code").fill(await generate({ secret }));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("recovery-codes")).toBeVisible();
  const codes = (await page.getByTestId("recovery-codes").textContent())!.trim().split("\n");
  expect(codes).toHaveLength(10);

  const fresh = await browser.newContext({ baseURL });
  const signIn = await fresh.newPage();
  await signIn.goto("/sign-in");
  await signIn.getByLabel("E-mail").fill(account.email);
  await signIn.getByLabel("Password").fill(account.password);
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await expect(signIn.getByLabel("Two-factor code")).toBeVisible();
  await signIn.getByLabel("Two-factor code").fill(codes[0]!);
  await signIn.getByRole("button", { name: "Sign in" }).click();
  await expect(signIn).toHaveURL(/\/apps$/);
  await fresh.close();
});
