import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { ManifestDetailView } from "@/components/images/manifest-detail-view";
import { TagsTable } from "@/components/images/tags-table";
import { TAG_PAGE_SIZE } from "@/components/images/images-api";
import { loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";
import { getManifestDetail } from "@/lib/images/get-manifest-detail";
import { buildImagesPageHref, decodeSegments, parseImagesPagePath } from "@/lib/images/image-paths";
import { listTags } from "@/lib/images/list-tags";

type Props = { params: Promise<{ slug: string; repo: string[] }> };

async function readTarget(params: Props["params"]) {
  const { slug, repo } = await params;
  const target = parseImagesPagePath(decodeSegments(repo));
  if (!target) notFound();
  return { slug, ...target };
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { repo, reference } = await readTarget(params);
  return { title: reference ? `${repo}:${reference}` : repo };
}

export default async function RepositoryPage({ params }: Props) {
  const { slug, repo, reference } = await readTarget(params);
  const principal = await requirePrincipal(buildImagesPageHref(slug, repo, reference));
  const breadcrumb = (
    <nav aria-label="Images breadcrumb" className="mb-4 text-sm text-slate-500">
      <Link href={`/apps/${slug}/images`} className="hover:text-slate-800 hover:underline">
        Images
      </Link>{" "}
      /{" "}
      {reference ? (
        <Link href={buildImagesPageHref(slug, repo)} className="font-mono hover:text-slate-800 hover:underline">
          {repo}
        </Link>
      ) : (
        <span className="font-mono text-slate-700">{repo}</span>
      )}
    </nav>
  );
  if (reference) {
    const detail = await loadOrNotFound(() => getManifestDetail(principal, slug, repo, reference));
    return (
      <>
        {breadcrumb}
        <ManifestDetailView slug={slug} repo={repo} reference={reference} initial={detail} />
      </>
    );
  }
  const firstPage = await loadOrNotFound(() => listTags(principal, slug, repo, { limit: TAG_PAGE_SIZE }));
  return (
    <>
      {breadcrumb}
      <h2 className="mb-4 font-mono text-xl font-semibold text-slate-900">{repo}</h2>
      <TagsTable slug={slug} repo={repo} initialPage={firstPage} />
    </>
  );
}
