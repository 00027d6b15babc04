import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { json, withApi } from "@/lib/api/with-api";
import { deleteAccount, getAccount, updateAccount } from "@/lib/auth/account";
import { listTeamsOfUser } from "@/lib/teams/memberships";

export const dynamic = "force-dynamic";

// GET /api/v1/account: the caller's account (e-mail, name, two-factor state) and teams.
export const GET = withApi(ACCOUNT_ROUTES.get, async ({ principal }) => json({ account: await getAccount(principal.userId), teams: await listTeamsOfUser(principal.userId) }));

// PATCH /api/v1/account: changes {name?, email?} confirmed by {currentPassword}.
export const PATCH = withApi(ACCOUNT_ROUTES.update, async ({ principal, body }) => json({ account: await updateAccount(principal.userId, body) }));

// DELETE /api/v1/account: deletes the caller's account from JSON {password}; refused while they are a team's last owner.
export const DELETE = withApi(ACCOUNT_ROUTES.delete, async ({ principal, body }) => {
  await deleteAccount(principal.userId, body.password);
  return new Response(null, { status: 204 });
});
