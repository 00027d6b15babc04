import { readBodyText } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { MAX_LICENSE_FILE_BYTES } from "@/lib/customers/license-file";
import { verifyLicenseFile } from "@/lib/customers/licenses";

export const dynamic = "force-dynamic";

// POST /api/v1/licenses/verify: checks a license file sent as the body (no sign-in) and says why one is not valid.
export const POST = withApi(
  async ({ request }) => {
    return json(await verifyLicenseFile(await readBodyText(request, MAX_LICENSE_FILE_BYTES)));
  },
  { auth: "none" },
);
