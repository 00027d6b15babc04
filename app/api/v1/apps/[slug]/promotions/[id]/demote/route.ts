import { CHANNEL_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { demotePromotion } from "@/lib/customers/promotions";

export const dynamic = "force-dynamic";

// POST /api/v1/apps/{slug}/promotions/{id}/demote: takes a promotion off its channel; the release itself stays.
export const POST = withApi(CHANNEL_ROUTES.demote, async ({ principal, params }) => json({ promotion: await demotePromotion(principal, params.slug, params.id) }));
