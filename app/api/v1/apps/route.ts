import { createApp, createAppSchema, listApps } from "@/lib/apps/apps";
import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";

export const dynamic = "force-dynamic";

// GET /api/v1/apps: the caller's team's applications.
export const GET = withApi(async ({ principal }) => json({ apps: await listApps(principal) }));

// POST /api/v1/apps: create an application; the slug is derived from the name unless given.
export const POST = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, createAppSchema);
  return json({ app: await createApp(principal, input) }, 201);
});
