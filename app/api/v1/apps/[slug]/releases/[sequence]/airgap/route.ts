import { AIRGAP_ROUTES } from "@/lib/api/openapi/airgap";
import { json, withApi } from "@/lib/api/with-api";
import { getBundle, startBundleBuild } from "@/lib/airgap/bundles";
import { parseSequence } from "@/lib/release-store/parse-sequence";

export const dynamic = "force-dynamic";

// POST /api/v1/apps/{slug}/releases/{sequence}/airgap: starts the build of the release's airgap bundle, or joins the one running (202).
export const POST = withApi(AIRGAP_ROUTES.build, async ({ principal, params }) => {
  return json({ bundle: await startBundleBuild(principal, params.slug, parseSequence(params.sequence, params.slug)) }, 202);
});

// GET /api/v1/apps/{slug}/releases/{sequence}/airgap: the bundle's state (building, ready, failed), or null before any build.
export const GET = withApi(AIRGAP_ROUTES.get, async ({ principal, params }) => {
  return json({ bundle: await getBundle(principal, params.slug, parseSequence(params.sequence, params.slug)) });
});
