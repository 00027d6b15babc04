import { REGISTRY_ROUTES } from "@/lib/api/openapi/registries";
import { json, withApi } from "@/lib/api/with-api";
import { getRegistryProxyStats } from "@/lib/external-registries/get-registry-proxy-stats";

export const dynamic = "force-dynamic";

// GET /api/v1/registries/{name}/proxy: the pull-through proxy's cache and counters for this registry (404 for another team's).
export const GET = withApi(REGISTRY_ROUTES.proxyStats, async ({ principal, params }) => json(await getRegistryProxyStats(principal, params.name)));
