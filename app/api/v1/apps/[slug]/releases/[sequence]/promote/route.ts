import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { promoteRelease, promoteSchema } from "@/lib/customers/promotions";
import { parseSequence } from "@/lib/release-store/parse-sequence";

export const dynamic = "force-dynamic";

// POST /api/v1/apps/{slug}/releases/{sequence}/promote: promotes the release to a channel from JSON {channel, version, notes?}.
export const POST = withApi<{ slug: string; sequence: string }>(async ({ principal, params, request }) => {
  const sequence = parseSequence(params.sequence, params.slug);
  return json({ promotion: await promoteRelease(principal, params.slug, sequence, await parseJsonBody(request, promoteSchema)) }, 201);
});
