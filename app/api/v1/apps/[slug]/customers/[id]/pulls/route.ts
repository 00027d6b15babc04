import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { listCustomerPulls } from "@/lib/customers/pull-ledger-queries";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}/pulls: the customer's latest license pulls (newest first) and per-image counts.
export const GET = withApi(CUSTOMER_ROUTES.pulls, async ({ principal, params, query }) => json(await listCustomerPulls(principal, params.slug, params.id, query)));
