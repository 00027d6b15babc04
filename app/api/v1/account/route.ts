import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { confirmPasswordSchema, deleteAccount, getAccount, updateAccount, updateAccountSchema } from "@/lib/auth/account";
import { listTeamsOfUser } from "@/lib/teams/memberships";

export const dynamic = "force-dynamic";

// GET /api/v1/account: the caller's account (e-mail, name, two-factor state) and teams.
export const GET = withApi(async ({ principal }) => json({ account: await getAccount(principal.userId), teams: await listTeamsOfUser(principal.userId) }));

// PATCH /api/v1/account: changes {name?, email?} confirmed by {currentPassword}.
export const PATCH = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, updateAccountSchema);
  return json({ account: await updateAccount(principal.userId, input) });
});

// DELETE /api/v1/account: deletes the caller's account from JSON {password}; refused while they are a team's last owner.
export const DELETE = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, confirmPasswordSchema);
  await deleteAccount(principal.userId, input.password);
  return new Response(null, { status: 204 });
});
