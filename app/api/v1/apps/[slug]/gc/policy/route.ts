import { STORAGE_ROUTES } from "@/lib/api/openapi/storage";
import { json, withApi } from "@/lib/api/with-api";
import { setAppGcPolicy } from "@/lib/registry/gc/app-gc";

export const dynamic = "force-dynamic";

// PUT /api/v1/apps/{slug}/gc/policy: turns pruning of untagged manifests on or off from JSON {pruneUntagged}.
export const PUT = withApi(STORAGE_ROUTES.setPolicy, async ({ principal, params, body }) => json({ policy: await setAppGcPolicy(principal, params.slug, body) }));
