import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { createInvitation, createInvitationSchema, listInvitations } from "@/lib/teams/invitations";
import { resolvePortalUrl } from "@/lib/teams/portal-url";

export const dynamic = "force-dynamic";

// GET /api/v1/team/invitations: pending invitations (their links are shown only once, at creation).
export const GET = withApi(async ({ principal }) => json({ invitations: await listInvitations(principal) }));

// POST /api/v1/team/invitations: invites {email, role}; answers {invitation: {id, url, expiresAt, ...}, mail} with the one-time link.
export const POST = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, createInvitationSchema);
  return json(await createInvitation(principal, input, resolvePortalUrl(request.url)), 201);
});
