/** Contracts of the release routes: history, creation, one release, the line diff, the live preview and the draft. */
import { z } from "zod";
import { MAX_RELEASE_PAGE_SIZE } from "@/lib/release-store/list-releases";
import { MAX_RELEASE_BODY_BYTES } from "@/lib/release-store/read-release-body";
import { releaseInputSchema } from "@/lib/release-store/release-input";
import { MAX_RELEASE_YAML_BYTES } from "@/lib/releases";
import { defineRoute } from "./contract";
import { createdReleaseSchema, previewSchema, releaseComparisonSchema, releaseDetailSchema, releaseDraftSchema, releasePageSchema } from "./release-schemas";

const pageNumber = z.coerce.number({ error: "must be a release number" }).int("must be a whole number").min(1, "must be at least 1");

const releaseBody = releaseInputSchema.meta({ description: `The release YAML (at most ${MAX_RELEASE_YAML_BYTES} bytes) and its notes.` });

export const RELEASE_ROUTES = {
  list: defineRoute({
    method: "get",
    path: "/apps/{slug}/releases",
    summary: "List the application's releases, newest first",
    query: z.object({
      limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_RELEASE_PAGE_SIZE, `must be at most ${MAX_RELEASE_PAGE_SIZE}`).optional().meta({ description: "Page size (default 25)" }),
      before: pageNumber.optional().meta({ description: "From the previous page's `nextBefore`" }),
    }),
    response: { schema: releasePageSchema },
    errors: ["not_found"],
  }),
  create: defineRoute({
    method: "post",
    path: "/apps/{slug}/releases",
    summary: "Create the next release",
    description: "The preview is recomputed on the server. Refused with `invalid_input` (details list each error diagnostic) while errors remain; warnings are allowed and returned. Clears the draft.",
    body: releaseBody,
    bodyLimit: MAX_RELEASE_BODY_BYTES,
    response: { status: 201, schema: createdReleaseSchema },
    errors: ["not_found"],
  }),
  get: defineRoute({
    method: "get",
    path: "/apps/{slug}/releases/{sequence}",
    summary: "Get one release",
    description: "Its YAML and notes, its preview with today's look-ups, and `changedTags`: this application's tags it uses that were pushed again since.",
    response: { schema: z.object({ release: releaseDetailSchema }) },
    errors: ["not_found"],
  }),
  compare: defineRoute({
    method: "get",
    path: "/apps/{slug}/releases/compare",
    summary: "Line diff between two releases",
    query: z.object({ from: pageNumber.meta({ description: "The older release" }), to: pageNumber.meta({ description: "The newer release" }) }),
    response: { schema: releaseComparisonSchema },
    errors: ["not_found"],
  }),
  preview: defineRoute({
    method: "post",
    path: "/apps/{slug}/releases/preview",
    summary: "Preview release YAML",
    description:
      "Exactly what the editor renders: images with their sources and rewritten references, diagnostics (every object checked against its Kubernetes schema, or the release's own CRD), the rewritten YAML and the airgap list, with this application's tags looked up. `checkExternal=1` also checks external tags upstream with the stored credentials.",
    query: z.object({ checkExternal: z.enum(["0", "1", "true", "false"], "must be 1 or 0").optional().meta({ description: "Check external images upstream" }) }),
    rawBody: {
      required: true,
      description: `The release YAML, at most ${MAX_RELEASE_YAML_BYTES} bytes: raw, or as JSON {yaml}.`,
      content: {
        "application/yaml": { schema: z.string() },
        "text/yaml": { schema: z.string() },
        "application/json": { schema: z.object({ yaml: z.string() }) },
      },
    },
    response: { schema: previewSchema },
    errors: ["not_found"],
  }),
  getDraft: defineRoute({
    method: "get",
    path: "/apps/{slug}/releases/draft",
    summary: "Get the autosaved draft",
    response: { schema: z.object({ draft: releaseDraftSchema.nullable() }) },
    errors: ["not_found"],
  }),
  saveDraft: defineRoute({
    method: "put",
    path: "/apps/{slug}/releases/draft",
    summary: "Save the draft",
    body: releaseBody,
    bodyLimit: MAX_RELEASE_BODY_BYTES,
    response: { schema: z.object({ draft: releaseDraftSchema }) },
    errors: ["not_found"],
  }),
};
