import { z } from "zod";
import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { roleSchema } from "@/lib/auth/roles";
import { changeMemberRole, removeMember } from "@/lib/teams/members";

export const dynamic = "force-dynamic";

const changeRoleSchema = z.object({ role: roleSchema });

// PATCH /api/v1/team/members/{userId}: changes the member's role from JSON {role}; the last owner cannot be demoted.
export const PATCH = withApi<{ userId: string }>(async ({ request, principal, params }) => {
  const input = await parseJsonBody(request, changeRoleSchema);
  return json({ member: await changeMemberRole(principal, params.userId, input.role) });
});

// DELETE /api/v1/team/members/{userId}: removes the member (their tokens for this team stop); the last owner cannot be removed.
export const DELETE = withApi<{ userId: string }>(async ({ principal, params }) => {
  await removeMember(principal, params.userId);
  return new Response(null, { status: 204 });
});
