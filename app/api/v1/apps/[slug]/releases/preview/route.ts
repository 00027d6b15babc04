import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { previewReleaseForApp } from "@/lib/release-store/preview-for-app";
import { readReleaseBody } from "@/lib/release-store/read-release-body";

export const dynamic = "force-dynamic";

const previewQuerySchema = z.object({ checkExternal: z.enum(["0", "1", "true", "false"], "must be 1 or 0").optional() });

// POST /api/v1/apps/{slug}/releases/preview: previews raw YAML (application/yaml) or JSON {yaml}; ?checkExternal=1 also checks external tags upstream.
export const POST = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  const { checkExternal } = parseQuery(request, previewQuerySchema);
  const yaml = await readReleaseBody(request);
  return json(await previewReleaseForApp(principal, params.slug, yaml, { checkExternal: checkExternal === "1" || checkExternal === "true" }));
});
