import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { rotateLicense } from "@/lib/customers/customers";

export const dynamic = "force-dynamic";

// POST /api/v1/apps/{slug}/customers/{id}/rotate-license: a new license ID; the old one is refused from now on.
export const POST = withApi(CUSTOMER_ROUTES.rotateLicense, async ({ principal, params }) => json({ customer: await rotateLicense(principal, params.slug, params.id) }));
