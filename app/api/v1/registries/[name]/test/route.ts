import { REGISTRY_ROUTES } from "@/lib/api/openapi/registries";
import { json, withApi } from "@/lib/api/with-api";
import { testStoredRegistry } from "@/lib/external-registries/test-stored-registry";

export const dynamic = "force-dynamic";

// POST /api/v1/registries/{name}/test: connect with the stored credentials, step by step, optionally looking up image:tag.
export const POST = withApi(REGISTRY_ROUTES.test, async ({ principal, params, body }) => json(await testStoredRegistry(principal, params.name, body)));
