import { STORAGE_ROUTES } from "@/lib/api/openapi/storage";
import { json, withApi } from "@/lib/api/with-api";
import { getAppStorage, runAppGc } from "@/lib/registry/gc/app-gc";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/gc: the app's stored bytes, its garbage-collection policy and recent runs.
export const GET = withApi(STORAGE_ROUTES.get, async ({ principal, params }) => json(await getAppStorage(principal, params.slug)));

// POST /api/v1/apps/{slug}/gc: collects the app's garbage now from JSON {dryRun}; answers what was (or would be) deleted.
export const POST = withApi(STORAGE_ROUTES.run, async ({ principal, params, body }) => json({ gc: await runAppGc(principal, params.slug, body) }));
