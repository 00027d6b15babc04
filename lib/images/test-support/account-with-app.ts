/** An integration-test account that owns one application (through the real sign-up and app code). */
import { createApp } from "@/lib/apps/apps";
import { uniqueSuffix } from "@/lib/test/database";
import { createTestAccount, type TestAccount } from "@/lib/test/fixtures";

export interface AccountWithApp extends TestAccount {
  app: { id: string; slug: string };
}

/** A new account and team with an application whose slug is unique to this run. */
export async function createAccountWithApp(label: string): Promise<AccountWithApp> {
  const account = await createTestAccount(label);
  const app = await createApp(account.principal, { name: `${label} ${uniqueSuffix()}`, slug: undefined });
  return { ...account, app: { id: app.id, slug: app.slug } };
}
