import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { registryInputSchema } from "@/lib/external/registry-input";
import { createRegistry } from "@/lib/external-registries/create-registry";
import { listRegistries } from "@/lib/external-registries/list-registries";

export const dynamic = "force-dynamic";

// GET /api/v1/registries: the caller's team's external registries (never their secrets).
export const GET = withApi(async ({ principal }) => json({ registries: await listRegistries(principal) }));

// POST /api/v1/registries: add an external registry; the endpoint is stored normalised, the secret encrypted.
export const POST = withApi(async ({ request, principal }) => {
  const input = await parseJsonBody(request, registryInputSchema);
  return json({ registry: await createRegistry(principal, input) }, 201);
});
