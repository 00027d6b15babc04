import type { Metadata } from "next";
import { ReleaseCompare } from "@/components/releases/release-compare";
import { getAppOnce, loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Compare releases · ${(await params).slug}` };
}

const readSequence = (value: string | string[] | undefined) => (typeof value === "string" && /^[1-9][0-9]{0,8}$/.test(value) ? Number(value) : null);

export default async function CompareReleasesPage({ params, searchParams }: { params: Promise<{ slug: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { slug } = await params;
  const query = await searchParams;
  const principal = await requirePrincipal(`/apps/${slug}/releases/compare`);
  await loadOrNotFound(() => getAppOnce(principal, slug));
  return <ReleaseCompare slug={slug} from={readSequence(query.from)} to={readSequence(query.to)} />;
}
