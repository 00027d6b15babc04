import { IMAGE_ROUTES } from "@/lib/api/openapi/images";
import { json, withApi } from "@/lib/api/with-api";
import { listRepositories } from "@/lib/images/list-repositories";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/images: the application's repositories with tag count, size and last push; `q` searches repositories and tags.
export const GET = withApi(IMAGE_ROUTES.repositories, async ({ principal, params, query }) => {
  return json({ repositories: await listRepositories(principal, params.slug, { q: query.q }) });
});
