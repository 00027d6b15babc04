/** Test accounts made through the real sign-up and token code paths. */
import { createAccessToken } from "../auth/access-tokens";
import type { Principal } from "../auth/principal";
import { signUp } from "../auth/sign-up";
import { uniqueSuffix } from "./database";

export interface TestAccount {
  principal: Principal;
  email: string;
  password: string;
  token: string;
}

/** A new user with a new team and a personal access token. */
export async function createTestAccount(label = "user"): Promise<TestAccount> {
  const email = `${label}-${uniqueSuffix()}@example.test`;
  const password = `pw-${uniqueSuffix()}-long`;
  const principal = await signUp({ email, password, name: `Test ${label}`, team: `Team ${label} ${uniqueSuffix()}` });
  const { token } = await createAccessToken(principal.userId, "test token");
  return { principal, email, password, token };
}
