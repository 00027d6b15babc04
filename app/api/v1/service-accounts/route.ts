import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { createServiceAccount, createServiceAccountSchema, listServiceAccounts } from "@/lib/teams/service-accounts";

export const dynamic = "force-dynamic";

// GET /api/v1/service-accounts: the team's service accounts with scopes, expiry and last use (never tokens).
export const GET = withApi(async ({ principal }) => json({ serviceAccounts: await listServiceAccounts(principal) }));

// POST /api/v1/service-accounts: {name, description?, expiresAt?, scopes: [{app, actions}]}; the token is shown once.
export const POST = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, createServiceAccountSchema);
  return json(await createServiceAccount(principal, input), 201);
});
