import type { Metadata } from "next";
import { ReleaseHistory } from "@/components/releases/release-history";
import { getAppOnce, loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";
import { getDraft } from "@/lib/release-store/get-draft";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Releases · ${(await params).slug}` };
}

export default async function ReleasesPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/releases`);
  await loadOrNotFound(() => getAppOnce(principal, slug));
  const draft = await getDraft(principal, slug);
  return <ReleaseHistory slug={slug} draftSavedAt={draft?.updatedAt.toISOString() ?? null} />;
}
