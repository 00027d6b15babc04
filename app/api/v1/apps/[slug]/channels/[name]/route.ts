import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { updateChannel, updateChannelSchema } from "@/lib/customers/channels";

export const dynamic = "force-dynamic";

// PATCH /api/v1/apps/{slug}/channels/{name}: renames, archives or restores a channel from JSON {name?, archived?}.
export const PATCH = withApi<{ slug: string; name: string }>(async ({ principal, params, request }) => {
  return json({ channel: await updateChannel(principal, params.slug, params.name, await parseJsonBody(request, updateChannelSchema)) });
});

// DELETE /api/v1/apps/{slug}/channels/{name}: archives the channel (refused while customers are on it); its history stays.
export const DELETE = withApi<{ slug: string; name: string }>(async ({ principal, params }) => {
  return json({ channel: await updateChannel(principal, params.slug, params.name, { archived: true }) });
});
