import type { Metadata } from "next";
import { ChannelsManager } from "@/components/channels/channels-manager";
import { getAppOnce, loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Channels · ${(await params).slug}` };
}

export default async function ChannelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/channels`);
  await loadOrNotFound(() => getAppOnce(principal, slug));
  return <ChannelsManager slug={slug} />;
}
