import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { createRelease } from "@/lib/release-store/create-release";
import { listReleases, MAX_RELEASE_PAGE_SIZE } from "@/lib/release-store/list-releases";
import { readReleaseInput } from "@/lib/release-store/read-release-body";

export const dynamic = "force-dynamic";

const listQuerySchema = z.object({
  limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_RELEASE_PAGE_SIZE, `must be at most ${MAX_RELEASE_PAGE_SIZE}`).optional(),
  before: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").optional(),
});

// GET /api/v1/apps/{slug}/releases: the release history, newest first; `before` pages to older releases.
export const GET = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  return json(await listReleases(principal, params.slug, parseQuery(request, listQuerySchema)));
});

// POST /api/v1/apps/{slug}/releases: creates the next release from JSON {yaml, notes}; refused while error diagnostics remain.
export const POST = withApi<{ slug: string }>(async ({ principal, params, request }) => {
  return json(await createRelease(principal, params.slug, await readReleaseInput(request)), 201);
});
