import { REGISTRY_ROUTES } from "@/lib/api/openapi/registries";
import { json, withApi } from "@/lib/api/with-api";
import { createRegistry } from "@/lib/external-registries/create-registry";
import { listRegistries } from "@/lib/external-registries/list-registries";

export const dynamic = "force-dynamic";

// GET /api/v1/registries: the caller's team's external registries (never their secrets).
export const GET = withApi(REGISTRY_ROUTES.list, async ({ principal }) => json({ registries: await listRegistries(principal) }));

// POST /api/v1/registries: add an external registry; the endpoint is stored normalised, the secret encrypted.
export const POST = withApi(REGISTRY_ROUTES.create, async ({ principal, body }) => json({ registry: await createRegistry(principal, body) }, 201));
