import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { listCustomerPulls, MAX_PULLS_SHOWN } from "@/lib/customers/pull-ledger-queries";

export const dynamic = "force-dynamic";

const pullsQuerySchema = z.object({ limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_PULLS_SHOWN, `must be at most ${MAX_PULLS_SHOWN}`).optional() });

// GET /api/v1/apps/{slug}/customers/{id}/pulls: the customer's latest license pulls (newest first) and per-image counts.
export const GET = withApi<{ slug: string; id: string }>(async ({ principal, params, request }) => {
  const { limit } = parseQuery(request, pullsQuerySchema);
  return json(await listCustomerPulls(principal, params.slug, params.id, { limit }));
});
