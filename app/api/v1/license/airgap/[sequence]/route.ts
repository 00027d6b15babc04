import { readClientAddress } from "@/lib/api/client-address";
import { readLicenseBearer } from "@/lib/api/license-bearer";
import { AIRGAP_ROUTES } from "@/lib/api/openapi/airgap";
import { withApi } from "@/lib/api/with-api";
import { createBundleResponse } from "@/lib/airgap/bundle-response";
import { findLicenseBundleDownload, recordBundleDownload } from "@/lib/airgap/bundles";
import { resolveBundleStorage } from "@/lib/airgap/server-deps";
import { authenticateLicenseBearer } from "@/lib/customers/license-auth";
import { parseSequence } from "@/lib/release-store/parse-sequence";

export const dynamic = "force-dynamic";

// GET /api/v1/license/airgap/{sequence}: the airgap bundle of a release on the customer's channel, with the license ID as bearer token; Range resumes.
export const GET = withApi(AIRGAP_ROUTES.licenseDownload, async ({ request, params }) => {
  const clientAddress = readClientAddress(request);
  const holder = await authenticateLicenseBearer(readLicenseBearer(request), clientAddress);
  const download = await findLicenseBundleDownload(holder, parseSequence(params.sequence, holder.appSlug));
  const range = request.headers.get("range");
  const response = await createBundleResponse(resolveBundleStorage(), download, range);
  if (response.ok) await recordBundleDownload(holder, download, { clientAddress, userAgent: request.headers.get("user-agent") ?? "", range });
  return response;
});
