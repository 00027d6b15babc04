import { getApp } from "@/lib/apps/apps";
import { APP_ROUTES } from "@/lib/api/openapi/apps";
import { json, withApi } from "@/lib/api/with-api";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}: one application of the caller's team (404 for any other).
export const GET = withApi(APP_ROUTES.get, async ({ principal, params }) => json({ app: await getApp(principal, params.slug) }));
