import { yamlDownload } from "@/lib/api/yaml-download";
import { withApi } from "@/lib/api/with-api";
import { getLicenseFile } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}/license: the customer's signed license file (YAML).
export const GET = withApi<{ slug: string; id: string }>(async ({ principal, params }) => {
  return yamlDownload(await getLicenseFile(principal, params.slug, params.id));
});
