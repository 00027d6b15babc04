import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { listRepositories } from "@/lib/images/list-repositories";

export const dynamic = "force-dynamic";

const repositoriesQuerySchema = z.object({ q: z.string().max(200, "must be at most 200 characters").optional() });

// GET /api/v1/apps/{slug}/images: the application's repositories with tag count, size and last push; `q` searches repositories and tags.
export const GET = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const { q } = parseQuery(request, repositoriesQuerySchema);
  return json({ repositories: await listRepositories(principal, params.slug, { q }) });
});
