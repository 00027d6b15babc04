import { RELEASE_ROUTES } from "@/lib/api/openapi/releases";
import { json, withApi } from "@/lib/api/with-api";
import { createRelease } from "@/lib/release-store/create-release";
import { listReleases } from "@/lib/release-store/list-releases";
import { assertReleaseSize } from "@/lib/release-store/release-input";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/releases: the release history, newest first; `before` pages to older releases.
export const GET = withApi(RELEASE_ROUTES.list, async ({ principal, params, query }) => json(await listReleases(principal, params.slug, query)));

// POST /api/v1/apps/{slug}/releases: creates the next release from JSON {yaml, notes}; refused while error diagnostics remain.
export const POST = withApi(RELEASE_ROUTES.create, async ({ principal, params, body }) => {
  assertReleaseSize(body.yaml);
  return json(await createRelease(principal, params.slug, body), 201);
});
