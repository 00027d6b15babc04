import { createApp, listApps } from "@/lib/apps/apps";
import { APP_ROUTES } from "@/lib/api/openapi/apps";
import { json, withApi } from "@/lib/api/with-api";

export const dynamic = "force-dynamic";

// GET /api/v1/apps: the caller's team's applications.
export const GET = withApi(APP_ROUTES.list, async ({ principal }) => json({ apps: await listApps(principal) }));

// POST /api/v1/apps: create an application; the slug is derived from the name unless given.
export const POST = withApi(APP_ROUTES.create, async ({ principal, body }) => json({ app: await createApp(principal, body) }, 201));
