import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { gcPolicySchema, setAppGcPolicy } from "@/lib/registry/gc/app-gc";

export const dynamic = "force-dynamic";

// PUT /api/v1/apps/{slug}/gc/policy: turns pruning of untagged manifests on or off from JSON {pruneUntagged}.
export const PUT = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  return json({ policy: await setAppGcPolicy(principal, params.slug, await parseJsonBody(request, gcPolicySchema)) });
});
