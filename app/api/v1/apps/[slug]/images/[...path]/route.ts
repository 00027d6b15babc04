import { IMAGE_ROUTES } from "@/lib/api/openapi/images";
import { parseQuery } from "@/lib/api/parse";
import { json, withApi } from "@/lib/api/with-api";
import { notFound } from "@/lib/errors";
import { deleteManifest } from "@/lib/images/delete-manifest";
import { deleteTag } from "@/lib/images/delete-tag";
import { getManifestDetail } from "@/lib/images/get-manifest-detail";
import { decodeSegments, parseImagesApiPath } from "@/lib/images/image-paths";
import { listTags } from "@/lib/images/list-tags";
import { isDigest } from "@/lib/registry/names";

export const dynamic = "force-dynamic";

type Params = { slug: string; path: string[] };

function readTarget(path: string[]) {
  const target = parseImagesApiPath(decodeSegments(path));
  if (!target) throw notFound(`Images path "${path.join("/")}"`);
  return target;
}

// GET /api/v1/apps/{slug}/images/{repo}/tags (a page of tags, newest first) or …/{repo}/manifests/{reference} (one manifest in detail).
// One catch-all file serves both documented paths, so it validates the query of the one it serves.
export const GET = withApi([IMAGE_ROUTES.tags, IMAGE_ROUTES.manifest], async ({ principal, params: raw, request }) => {
  const params = raw as Params;
  const target = readTarget(params.path);
  if (target.kind === "tags") return json(await listTags(principal, params.slug, target.repo, parseQuery(request, IMAGE_ROUTES.tags.query)));
  return json({ manifest: await getManifestDetail(principal, params.slug, target.repo, target.reference) });
});

// DELETE /api/v1/apps/{slug}/images/{repo}/manifests/{reference}: a tag deletes only the tag; a digest deletes the manifest and its tags.
export const DELETE = withApi([IMAGE_ROUTES.deleteReference], async ({ principal, params: raw }) => {
  const params = raw as Params;
  const target = readTarget(params.path);
  if (target.kind !== "manifest") throw notFound(`Images path "${params.path.join("/")}" (delete …/manifests/{reference})`);
  const { slug } = params;
  const deleted = isDigest(target.reference)
    ? await deleteManifest(principal, slug, target.repo, target.reference)
    : { tags: [(await deleteTag(principal, slug, target.repo, target.reference)).tag] };
  return json({ deleted });
});
