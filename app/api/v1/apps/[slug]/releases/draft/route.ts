import { json, withApi } from "@/lib/api/with-api";
import { getDraft } from "@/lib/release-store/get-draft";
import { readReleaseInput } from "@/lib/release-store/read-release-body";
import { saveDraft } from "@/lib/release-store/save-draft";

export const dynamic = "force-dynamic";

// GET /api/v1/apps/{slug}/releases/draft: the autosaved draft of the next release (`draft: null` when there is none).
export const GET = withApi<{ slug: string }>(async ({ principal, params }) => json({ draft: await getDraft(principal, params.slug) }));

// PUT /api/v1/apps/{slug}/releases/draft: replaces the draft with JSON {yaml, notes} (the editor's autosave).
export const PUT = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  return json({ draft: await saveDraft(principal, params.slug, await readReleaseInput(request)) });
});
