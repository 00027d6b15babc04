import { IMAGE_ROUTES } from "@/lib/api/openapi/images";
import { json, withApi } from "@/lib/api/with-api";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import { getConfig, resolveRegistryHost } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { generateInstructions } from "@/lib/instructions/generate-instructions";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/instructions?image=&tag=[&localImage=]: docker, podman, skopeo and buildx push commands for scripts.
export const GET = withApi(IMAGE_ROUTES.instructions, async ({ principal, params, request, query }) => {
  const app = await getAppForPrincipalOrThrow(principal, params.slug);
  const tokensUrl = new URL("/tokens", getConfig().NEXTAUTH_URL || request.url).toString();
  const registryHost = resolveRegistryHost();
  const instructions = generateInstructions({ registryHost, appSlug: app.slug, userEmail: principal.email, tokensUrl, ...query });
  if (!instructions.valid) {
    const details = instructions.problems.map((problem) => ({ path: problem.field, issue: problem.message }));
    throw new AppError("invalid_input", `${details[0]!.path}: ${details[0]!.issue}`, { details });
  }
  return json({ registryHost, ...instructions });
});
