import { parseJsonBody } from "@/lib/api/parse";
import { withApi } from "@/lib/api/with-api";
import { usePasswordReset, usePasswordResetSchema } from "@/lib/auth/password-resets";

export const dynamic = "force-dynamic";

// POST /api/v1/password-resets/{token}: sets a new password {password} with a one-time reset link; every session ends.
export const POST = withApi<{ token: string }>(
  async ({ request, params }) => {
    const input = await parseJsonBody(request, usePasswordResetSchema);
    await usePasswordReset(params.token, input.password);
    return new Response(null, { status: 204 });
  },
  { auth: "none" },
);
