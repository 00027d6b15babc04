import { z } from "zod";
import { parseJsonBody, parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { createCustomerSchema } from "@/lib/customers/customer-input";
import { createCustomer, listCustomers } from "@/lib/customers/customers";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({ archived: z.enum(["include", "exclude"], { message: "must be include or exclude" }).optional() });

// GET /api/v1/apps/{slug}/customers: the app's customers, newest first; `?archived=include` adds archived ones.
export const GET = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const query = parseQuery(request, listQuerySchema);
  return json({ customers: await listCustomers(principal, params.slug, { includeArchived: query.archived === "include" }) });
});

// POST /api/v1/apps/{slug}/customers: creates a customer with a new license from JSON {name, channel, email?, type?, expiresAt?, airgap?}.
export const POST = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  return json({ customer: await createCustomer(principal, params.slug, await parseJsonBody(request, createCustomerSchema)) }, 201);
});
