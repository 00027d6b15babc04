import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ReleaseView } from "@/components/releases/release-view";
import type { ReleaseDetailJson } from "@/components/releases/types";
import { loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";
import { getRelease } from "@/lib/release-store/get-release";

type Params = Promise<{ slug: string; sequence: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { slug, sequence } = await params;
  return { title: `Release ${sequence} · ${slug}` };
}

export default async function ReleasePage({ params }: { params: Params }) {
  const { slug, sequence } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/releases/${sequence}`);
  if (!/^[1-9][0-9]{0,8}$/.test(sequence)) notFound();
  const release = await loadOrNotFound(() => getRelease(principal, slug, Number(sequence)));
  // The client view refetches through the API; it starts from what the server loaded, as JSON.
  return <ReleaseView slug={slug} initial={JSON.parse(JSON.stringify(release)) as ReleaseDetailJson} />;
}
