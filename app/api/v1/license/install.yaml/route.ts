import { readClientAddress } from "@/lib/api/client-address";
import { readLicenseBearer } from "@/lib/api/license-bearer";
import { LICENSE_ROUTES } from "@/lib/api/openapi/customers";
import { withApi } from "@/lib/api/with-api";
import { yamlDownload } from "@/lib/api/yaml-download";
import { authenticateLicenseBearer } from "@/lib/customers/license-auth";
import { getInstallYamlForLicense } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// GET /api/v1/license/install.yaml: the install YAML for the customer whose license ID is the bearer token.
export const GET = withApi(LICENSE_ROUTES.installYaml, async ({ request }) => {
  const holder = await authenticateLicenseBearer(readLicenseBearer(request), readClientAddress(request));
  return yamlDownload(await getInstallYamlForLicense(holder.customerId));
});
