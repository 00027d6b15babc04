import { RELEASE_ROUTES } from "@/lib/api/openapi/releases";
import { json, withApi } from "@/lib/api/with-api";
import { getRelease } from "@/lib/release-store/get-release";
import { parseSequence } from "@/lib/release-store/parse-sequence";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/releases/{sequence}: one release with its YAML, preview and tags pushed again since.
export const GET = withApi(RELEASE_ROUTES.get, async ({ principal, params }) => {
  return json({ release: await getRelease(principal, params.slug, parseSequence(params.sequence, params.slug)) });
});
