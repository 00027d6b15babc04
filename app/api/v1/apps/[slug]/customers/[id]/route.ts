import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { getCustomer, updateCustomer } from "@/lib/customers/customers";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}: one customer with its license ID.
export const GET = withApi(CUSTOMER_ROUTES.get, async ({ principal, params }) => json({ customer: await getCustomer(principal, params.slug, params.id) }));

// PATCH /api/v1/apps/{slug}/customers/{id}: changes name, e-mail, channel, type, expiry, airgap or archived.
export const PATCH = withApi(CUSTOMER_ROUTES.update, async ({ principal, params, body }) => {
  return json({ customer: await updateCustomer(principal, params.slug, params.id, body) });
});
