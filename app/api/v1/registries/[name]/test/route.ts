import { parseJsonBody } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { connectionTestInputSchema } from "@/lib/external/registry-input";
import { testStoredRegistry } from "@/lib/external-registries/test-stored-registry";

export const dynamic = "force-dynamic";

// POST /api/v1/registries/{name}/test: connect with the stored credentials, step by step, optionally looking up image:tag.
export const POST = withApi<{ name: string }>(async ({ request, principal, params }) => {
  const input = await parseJsonBody(request, connectionTestInputSchema);
  return json(await testStoredRegistry(principal, params.name, input));
});
