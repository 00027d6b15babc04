import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { listDigestPullers } from "@/lib/customers/pull-ledger-queries";
import { tryParseDigest } from "@/lib/registry/digests";

export const dynamic = "force-dynamic";

const pullersQuerySchema = z.object({ digest: z.string().refine((value) => tryParseDigest(value) !== null, "must be a manifest digest such as sha256:<64 hex>") });

// GET /api/v1/apps/{slug}/pulls?digest=: the customers who pulled a manifest digest with their license, with counts and last pull.
export const GET = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const { digest } = parseQuery(request, pullersQuerySchema);
  return json(await listDigestPullers(principal, params.slug, digest));
});
