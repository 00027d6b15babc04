import { CHANNEL_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { createChannel, listChannels } from "@/lib/customers/channels";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/channels: every channel with its current release and customer count, archived ones flagged.
export const GET = withApi(CHANNEL_ROUTES.list, async ({ principal, params }) => json({ channels: await listChannels(principal, params.slug) }));

// POST /api/v1/apps/{slug}/channels: adds a channel from JSON {name}.
export const POST = withApi(CHANNEL_ROUTES.create, async ({ principal, params, body }) => json({ channel: await createChannel(principal, params.slug, body) }, 201));
