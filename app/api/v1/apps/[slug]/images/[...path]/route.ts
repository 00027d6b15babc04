import { z } from "zod";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { notFound } from "@/lib/errors";
import { deleteManifest } from "@/lib/images/delete-manifest";
import { deleteTag } from "@/lib/images/delete-tag";
import { getManifestDetail } from "@/lib/images/get-manifest-detail";
import { decodeSegments, parseImagesApiPath } from "@/lib/images/image-paths";
import { listTags, MAX_TAG_PAGE_SIZE } from "@/lib/images/list-tags";
import { isDigest } from "@/lib/registry/names";

export const dynamic = "force-dynamic";

type Params = { slug: string; path: string[] };

const tagsQuerySchema = z.object({
  limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_TAG_PAGE_SIZE, `must be at most ${MAX_TAG_PAGE_SIZE}`).optional(),
  cursor: z.string().max(500).optional(),
  q: z.string().max(200, "must be at most 200 characters").optional(),
});

function readTarget(path: string[]) {
  const target = parseImagesApiPath(decodeSegments(path));
  if (!target) throw notFound(`Images path "${path.join("/")}"`);
  return target;
}

// GET /api/v1/apps/{slug}/images/{repo}/tags (a page of tags, newest first) or …/{repo}/manifests/{reference} (one manifest in detail).
export const GET = withApi<Params>(async ({ principal, params, request }) => {
  const target = readTarget(params.path);
  if (target.kind === "tags") return json(await listTags(principal, params.slug, target.repo, parseQuery(request, tagsQuerySchema)));
  return json({ manifest: await getManifestDetail(principal, params.slug, target.repo, target.reference) });
});

// DELETE /api/v1/apps/{slug}/images/{repo}/manifests/{reference}: a tag deletes only the tag; a digest deletes the manifest and its tags.
export const DELETE = withApi<Params>(async ({ principal, params }) => {
  const target = readTarget(params.path);
  if (target.kind !== "manifest") throw notFound(`Images path "${params.path.join("/")}" (delete …/manifests/{reference})`);
  const { slug } = params;
  const deleted = isDigest(target.reference)
    ? await deleteManifest(principal, slug, target.repo, target.reference)
    : { tags: [(await deleteTag(principal, slug, target.repo, target.reference)).tag] };
  return json({ deleted });
});
