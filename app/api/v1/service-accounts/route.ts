import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { createServiceAccount, listServiceAccounts } from "@/lib/teams/service-accounts";

export const dynamic = "force-dynamic";

// GET /api/v1/service-accounts: the team's service accounts with scopes, expiry and last use (never tokens).
export const GET = withApi(TEAM_ROUTES.serviceAccounts, async ({ principal }) => json({ serviceAccounts: await listServiceAccounts(principal) }));

// POST /api/v1/service-accounts: {name, description?, expiresAt?, scopes: [{app, actions}]}; the token is shown once.
export const POST = withApi(TEAM_ROUTES.createServiceAccount, async ({ principal, body }) => json(await createServiceAccount(principal, body), 201));
