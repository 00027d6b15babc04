import { RELEASE_ROUTES } from "@/lib/api/openapi/releases";
import { json, withApi } from "@/lib/api/with-api";
import { getDraft } from "@/lib/release-store/get-draft";
import { assertReleaseSize } from "@/lib/release-store/release-input";
import { saveDraft } from "@/lib/release-store/save-draft";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/releases/draft: the autosaved draft of the next release (`draft: null` when there is none).
export const GET = withApi(RELEASE_ROUTES.getDraft, async ({ principal, params }) => json({ draft: await getDraft(principal, params.slug) }));

// PUT /api/v1/apps/{slug}/releases/draft: replaces the draft with JSON {yaml, notes} (the editor's autosave).
export const PUT = withApi(RELEASE_ROUTES.saveDraft, async ({ principal, params, body }) => {
  assertReleaseSize(body.yaml);
  return json({ draft: await saveDraft(principal, params.slug, body) });
});
