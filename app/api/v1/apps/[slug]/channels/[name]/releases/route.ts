import { CHANNEL_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { listPromotions } from "@/lib/customers/promotions";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/channels/{name}/releases: the channel's promotions, newest first, demoted ones flagged.
export const GET = withApi(CHANNEL_ROUTES.promotions, async ({ principal, params }) => {
  return json({ promotions: await listPromotions(principal, params.slug, params.name) });
});
