import { yamlDownload } from "@/lib/api/yaml-download";
import { withApi } from "@/lib/api/with-api";
import { getInstallYaml } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}/install.yaml: the channel's current release as the customer applies it, with the pull secret.
export const GET = withApi<{ slug: string; id: string }>(async ({ principal, params }) => {
  return yamlDownload(await getInstallYaml(principal, params.slug, params.id));
});
