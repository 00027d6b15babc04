import { REGISTRY_ROUTES } from "@/lib/api/openapi/registries";
import { json, withApi } from "@/lib/api/with-api";
import { deleteRegistry } from "@/lib/external-registries/delete-registry";
import { getRegistry } from "@/lib/external-registries/get-registry";
import { updateRegistry } from "@/lib/external-registries/update-registry";

export const dynamic = "force-dynamic";

// GET /api/v1/registries/{name}: one of the team's external registries (404 for any other).
export const GET = withApi(REGISTRY_ROUTES.get, async ({ principal, params }) => json({ registry: await getRegistry(principal, params.name) }));

// PATCH /api/v1/registries/{name}: change name, endpoint, username or password; a blank password keeps the stored one.
export const PATCH = withApi(REGISTRY_ROUTES.update, async ({ principal, params, body }) => json({ registry: await updateRegistry(principal, params.name, body) }));

// DELETE /api/v1/registries/{name}: remove it, refused with 409 while a saved release uses it as a source.
export const DELETE = withApi(REGISTRY_ROUTES.delete, async ({ principal, params }) => {
  await deleteRegistry(principal, params.name);
  return new Response(null, { status: 204 });
});
