import { CHANNEL_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { promoteRelease } from "@/lib/customers/promotions";
import { parseSequence } from "@/lib/release-store/parse-sequence";

export const dynamic = "force-dynamic";

// POST /api/v1/apps/{slug}/releases/{sequence}/promote: promotes the release to a channel from JSON {channel, version, notes?}.
export const POST = withApi(CHANNEL_ROUTES.promote, async ({ principal, params, body }) => {
  const sequence = parseSequence(params.sequence, params.slug);
  return json({ promotion: await promoteRelease(principal, params.slug, sequence, body) }, 201);
});
