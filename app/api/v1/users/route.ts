import { signUp, signUpSchema } from "@/lib/auth/sign-up";
import { json, withApi } from "@/lib/api/with-api";
import { parseJsonBody } from "@/lib/api/parse";

export const dynamic = "force-dynamic";

// POST /api/v1/users: public sign-up, creating a user and their team (off when SIGNUP=closed).
export const POST = withApi(
  async ({ request }) => {
    const input = await parseJsonBody(request, signUpSchema);
    const principal = await signUp(input);
    return json({ user: { id: principal.userId, email: principal.email, name: principal.name, teamId: principal.teamId } }, 201);
  },
  { auth: "none" },
);
