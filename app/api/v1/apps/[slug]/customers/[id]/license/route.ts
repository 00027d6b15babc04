import { CUSTOMER_ROUTES } from "@/lib/api/openapi/customers";
import { withApi } from "@/lib/api/with-api";
import { yamlDownload } from "@/lib/api/yaml-download";
import { getLicenseFile } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/customers/{id}/license: the customer's signed license file (YAML).
export const GET = withApi(CUSTOMER_ROUTES.license, async ({ principal, params }) => yamlDownload(await getLicenseFile(principal, params.slug, params.id)));
