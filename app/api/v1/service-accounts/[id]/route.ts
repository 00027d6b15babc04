import { json, withApi } from "@/lib/api/with-api";
import { deleteServiceAccount, getServiceAccount } from "@/lib/teams/service-accounts";

export const dynamic = "force-dynamic";

// GET /api/v1/service-accounts/{id}: one of the team's service accounts (404 for any other).
export const GET = withApi<{ id: string }>(async ({ principal, params }) => json({ serviceAccount: await getServiceAccount(principal, params.id) }));

// DELETE /api/v1/service-accounts/{id}: deletes the account; its token stops at once.
export const DELETE = withApi<{ id: string }>(async ({ principal, params }) => {
  await deleteServiceAccount(principal, params.id);
  return new Response(null, { status: 204 });
});
