/** Tag listing (spec "Listing Tags"), in byte order with `n`/`last` pagination and a Link header. */
import type { RegistryContext } from "@/lib/registry/http/context";
import { cutPage, fetchLimit, parsePageRequest } from "@/lib/registry/http/pagination";
import { sendJson } from "@/lib/registry/http/respond";
import { listTags } from "@/lib/registry/metadata/manifest-store";
import { findRepositoryOrThrow } from "@/lib/registry/metadata/repositories";

// GET /v2/<name>/tags/list?n=&last=: one page of tags (404 NAME_UNKNOWN for a repository never pushed to).
export async function listRepositoryTags(context: RegistryContext): Promise<void> {
  const repository = await findRepositoryOrThrow(context.options.prisma, context.name);
  const page = parsePageRequest(context.url);
  const rows = page.limit === 0 ? [] : await listTags(context.options.prisma, repository.id, { limit: fetchLimit(page), last: page.last });
  const { items, link } = cutPage(rows, page, `/v2/${context.name}/tags/list`);
  sendJson(context.req, context.res, 200, { name: context.name, tags: items }, link ? { Link: link } : {});
}
