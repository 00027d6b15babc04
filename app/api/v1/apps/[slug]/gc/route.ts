import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { getAppStorage, runAppGc, runGcSchema } from "@/lib/registry/gc/app-gc";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/gc: the app's stored bytes, its garbage-collection policy and recent runs.
export const GET = withApi<{ slug: string }>(async ({ principal, params }) => json(await getAppStorage(principal, params.slug)));

// POST /api/v1/apps/{slug}/gc: collects the app's garbage now from JSON {dryRun}; answers what was (or would be) deleted.
export const POST = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const result = await runAppGc(principal, params.slug, await parseJsonBody(request, runGcSchema));
  return json({ gc: result });
});
