import { AIRGAP_ROUTES } from "@/lib/api/openapi/airgap";
import { withApi } from "@/lib/api/with-api";
import { createBundleResponse } from "@/lib/airgap/bundle-response";
import { findVendorBundleDownload } from "@/lib/airgap/bundles";
import { resolveBundleStorage } from "@/lib/airgap/server-deps";
import { parseSequence } from "@/lib/release-store/parse-sequence";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/releases/{sequence}/airgap/bundle: the ready bundle (a tar), for the vendor's team; Range resumes.
export const GET = withApi(AIRGAP_ROUTES.download, async ({ principal, params, request }) => {
  const download = await findVendorBundleDownload(principal, params.slug, parseSequence(params.sequence, params.slug));
  return createBundleResponse(resolveBundleStorage(), download, request.headers.get("range"));
});
