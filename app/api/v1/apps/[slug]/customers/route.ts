import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { json, withApi } from "@/lib/api/with-api";
import { createCustomer, listCustomers } from "@/lib/customers/customers";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers: the app's customers, newest first; `?archived=include` adds archived ones.
export const GET = withApi(CUSTOMER_ROUTES.list, async ({ principal, params, query }) => {
  return json({ customers: await listCustomers(principal, params.slug, { includeArchived: query.archived === "include" }) });
});

// POST /api/v1/apps/{slug}/customers: creates a customer with a new license from JSON {name, channel, email?, type?, expiresAt?, airgap?}.
export const POST = withApi(CUSTOMER_ROUTES.create, async ({ principal, params, body }) => json({ customer: await createCustomer(principal, params.slug, body) }, 201));
