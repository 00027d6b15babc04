import { LICENSE_ROUTES } from "@/lib/api/openapi/customers";
import { readBodyText } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { MAX_LICENSE_FILE_BYTES } from "@/lib/customers/license-file";
import { verifyLicenseFile } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// POST /api/v1/licenses/verify: checks a license file sent as the body (no sign-in) and says why one is not valid.
// The body is the YAML file itself, so the handler reads it; the contract documents it.
export const POST = withApi(LICENSE_ROUTES.verify, async ({ request }) => json(await verifyLicenseFile(await readBodyText(request, MAX_LICENSE_FILE_BYTES))));
