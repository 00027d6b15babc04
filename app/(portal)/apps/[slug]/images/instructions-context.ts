import type { PushInstructionsContext } from "@/components/images/push-instructions";
import type { Principal } from "@/lib/auth/principal";
import { getConfig, resolveRegistryHost } from "@/lib/config";

/** What the push instructions panel needs from the server: the registry host, the user and the tokens page. */
export function buildInstructionsContext(slug: string, principal: Principal): PushInstructionsContext {
  const origin = getConfig().NEXTAUTH_URL?.replace(/\/+$/, "") ?? "";
  return { slug, registryHost: resolveRegistryHost(), userEmail: principal.email, tokensUrl: `${origin}/tokens` };
}
