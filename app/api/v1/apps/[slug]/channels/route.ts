import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { createChannel, createChannelSchema, listChannels } from "@/lib/customers/channels";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/channels: every channel with its current release and customer count, archived ones flagged.
export const GET = withApi<{ slug: string }>(async ({ principal, params }) => {
  return json({ channels: await listChannels(principal, params.slug) });
});

// POST /api/v1/apps/{slug}/channels: adds a channel from JSON {name}.
export const POST = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  return json({ channel: await createChannel(principal, params.slug, await parseJsonBody(request, createChannelSchema)) }, 201);
});
