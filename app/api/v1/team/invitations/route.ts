import { TEAM_ROUTES } from "@/lib/api/openapi/teams";
import { json, withApi } from "@/lib/api/with-api";
import { createInvitation, listInvitations } from "@/lib/teams/invitations";
import { resolvePortalUrl } from "@/lib/teams/portal-url";

export const dynamic = "force-dynamic";

// GET /api/v1/team/invitations: pending invitations (their links are shown only once, at creation).
export const GET = withApi(TEAM_ROUTES.invitations, async ({ principal }) => json({ invitations: await listInvitations(principal) }));

// POST /api/v1/team/invitations: invites {email, role}; answers {invitation: {id, url, expiresAt, ...}, mail} with the one-time link.
export const POST = withApi(TEAM_ROUTES.invite, async ({ request, principal, body }) => json(await createInvitation(principal, body, resolvePortalUrl(request.url)), 201));
