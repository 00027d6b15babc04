import { CHANNEL_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { updateChannel } from "@/lib/customers/channels";

export const dynamic = "force-dynamic";

// PATCH /api/v1/apps/{slug}/channels/{name}: renames, archives or restores a channel from JSON {name?, archived?}.
export const PATCH = withApi(CHANNEL_ROUTES.update, async ({ principal, params, body }) => {
  return json({ channel: await updateChannel(principal, params.slug, params.name, body) });
});

// DELETE /api/v1/apps/{slug}/channels/{name}: archives the channel (refused while customers are on it); its history stays.
export const DELETE = withApi(CHANNEL_ROUTES.archive, async ({ principal, params }) => {
  return json({ channel: await updateChannel(principal, params.slug, params.name, { archived: true }) });
});
