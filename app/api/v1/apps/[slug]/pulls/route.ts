import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { listDigestPullers } from "@/lib/customers/pull-ledger-queries";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/pulls?digest=: the customers who pulled a manifest digest with their license, with counts and last pull.
export const GET = withApi(CUSTOMER_ROUTES.digestPullers, async ({ principal, params, query }) => json(await listDigestPullers(principal, params.slug, query.digest)));
