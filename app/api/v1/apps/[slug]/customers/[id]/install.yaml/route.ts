import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { withApi } from "@/lib/api/with-api";
import { yamlDownload } from "@/lib/api/yaml-download";
import { getInstallYaml } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}/install.yaml: the channel's current release as the customer applies it, with the pull secret.
export const GET = withApi(CUSTOMER_ROUTES.installYaml, async ({ principal, params }) => yamlDownload(await getInstallYaml(principal, params.slug, params.id)));
