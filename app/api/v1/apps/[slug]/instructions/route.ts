import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import { getConfig, resolveRegistryHost } from "@/lib/config";
import { AppError } from "@/lib/errors";
import { generateInstructions } from "@/lib/instructions/generate-instructions";

export const dynamic = "force-dynamic";

const instructionsQuerySchema = z.object({
  image: z.string().max(300, "must be at most 300 characters"),
  tag: z.string().max(300, "must be at most 300 characters"),
  localImage: z.string().max(500, "must be at most 500 characters").optional(),
});

// GET /api/v1/apps/{slug}/instructions?image=&tag=[&localImage=]: docker, podman, skopeo and buildx push commands for scripts.
export const GET = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const query = parseQuery(request, instructionsQuerySchema);
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
