import { ACCOUNT_ROUTES } from "@/lib/api/openapi/accounts";
import { signUp } from "@/lib/auth/sign-up";
import { json, withApi } from "@/lib/api/with-api";

export const dynamic = "force-dynamic";

// POST /api/v1/users: public sign-up, creating a user and their team (off when SIGNUP=closed).
export const POST = withApi(ACCOUNT_ROUTES.signUp, async ({ body }) => {
  const principal = await signUp(body);
  return json({ user: { id: principal.userId, email: principal.email, name: principal.name, teamId: principal.teamId } }, 201);
});
