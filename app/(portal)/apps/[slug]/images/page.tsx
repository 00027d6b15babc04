import type { Metadata } from "next";
import { ImagesOverview } from "@/components/images/images-overview";
import { StoragePanel } from "@/components/storage/storage-panel";
import { loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";
import { listRepositories } from "@/lib/images/list-repositories";
import { buildInstructionsContext } from "./instructions-context";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Images · ${(await params).slug}` };
}

export default async function ImagesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/images`);
  const repositories = await loadOrNotFound(() => listRepositories(principal, slug));
  return (
    <div className="space-y-10">
      <ImagesOverview context={buildInstructionsContext(slug, principal)} initialRepositories={repositories} />
      <StoragePanel slug={slug} />
    </div>
  );
}
