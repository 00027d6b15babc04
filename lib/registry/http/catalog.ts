/**
 * The catalog (`/v2/_catalog`, distribution's extension) and the API version check
 * (`/v2/`). The catalog lists only repositories of applications the caller's team owns.
 */
import type { RegistryContext } from "@/lib/registry/http/context";
import { cutPage, fetchLimit, parsePageRequest } from "@/lib/registry/http/pagination";
import { sendJson } from "@/lib/registry/http/respond";
import { listRepositoryNames } from "@/lib/registry/metadata/repositories";

// GET|HEAD /v2/: 200 for a valid token (the dispatcher has already answered 401 otherwise).
export async function checkApiVersion(context: RegistryContext): Promise<void> {
  sendJson(context.req, context.res, 200, {});
}

// GET /v2/_catalog?n=&last=: one page of the repositories the caller may pull.
export async function listCatalog(context: RegistryContext): Promise<void> {
  const slugs = context.caller ? await context.options.listPullableAppSlugs(context.caller.subject) : [];
  const page = parsePageRequest(context.url);
  const rows = page.limit === 0 ? [] : await listRepositoryNames(context.options.prisma, slugs, { limit: fetchLimit(page), last: page.last });
  const { items, link } = cutPage(rows, page, "/v2/_catalog");
  sendJson(context.req, context.res, 200, { repositories: items }, link ? { Link: link } : {});
}
