import { RELEASE_ROUTES } from "@/lib/api/openapi/releases";
import { json, withApi } from "@/lib/api/with-api";
import { compareReleases } from "@/lib/release-store/compare-releases";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/releases/compare?from=&to=: the line diff from release `from` to release `to`.
export const GET = withApi(RELEASE_ROUTES.compare, async ({ principal, params, query }) => json(await compareReleases(principal, params.slug, query.from, query.to)));
