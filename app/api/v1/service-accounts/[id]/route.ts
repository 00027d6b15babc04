import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { deleteServiceAccount, getServiceAccount } from "@/lib/teams/service-accounts";

export const dynamic = "force-dynamic";

// GET /api/v1/service-accounts/{id}: one of the team's service accounts (404 for any other).
export const GET = withApi(TEAM_ROUTES.serviceAccount, async ({ principal, params }) => json({ serviceAccount: await getServiceAccount(principal, params.id) }));

// DELETE /api/v1/service-accounts/{id}: deletes the account; its token stops at once.
export const DELETE = withApi(TEAM_ROUTES.deleteServiceAccount, async ({ principal, params }) => {
  await deleteServiceAccount(principal, params.id);
  return new Response(null, { status: 204 });
});
