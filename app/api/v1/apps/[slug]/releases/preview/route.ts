import { RELEASE_ROUTES } from "@/lib/api/openapi/releases";
import { json, withApi } from "@/lib/api/with-api";
import { previewReleaseForApp } from "@/lib/release-store/preview-for-app";
import { readReleaseBody } from "@/lib/release-store/read-release-body";

export const dynamic = "force-dynamic";

// POST /api/v1/apps/{slug}/releases/preview: previews raw YAML (application/yaml) or JSON {yaml}; ?checkExternal=1 also checks external tags upstream.
// The body is YAML or JSON, so the handler reads it (readReleaseBody); the contract documents both forms.
export const POST = withApi(RELEASE_ROUTES.preview, async ({ principal, params, request, query }) => {
  const yaml = await readReleaseBody(request);
  const checkExternal = query.checkExternal === "1" || query.checkExternal === "true";
  return json(await previewReleaseForApp(principal, params.slug, yaml, { checkExternal }));
});
