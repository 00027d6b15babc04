import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { updateCustomerSchema } from "@/lib/customers/customer-input";
import { getCustomer, updateCustomer } from "@/lib/customers/customers";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}: one customer with its license ID.
export const GET = withApi<{ slug: string; id: string }>(async ({ principal, params }) => {
  return json({ customer: await getCustomer(principal, params.slug, params.id) });
});

// PATCH /api/v1/apps/{slug}/customers/{id}: changes name, e-mail, channel, type, expiry, airgap or archived.
export const PATCH = withApi<{ slug: string; id: string }>(async ({ principal, params, request }) => {
  return json({ customer: await updateCustomer(principal, params.slug, params.id, await parseJsonBody(request, updateCustomerSchema)) });
});
