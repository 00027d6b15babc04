import type { Metadata } from "next";
import { ChannelsManager } from "@/components/channels/channels-manager";
import { loadOrNotFound, requirePrincipal } from "@/lib/api/session";
import { getApp } from "@/lib/apps/apps";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Channels · ${(await params).slug}` };
}

export default async function ChannelsPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/channels`);
  await loadOrNotFound(() => getApp(principal, slug));
  return <ChannelsManager slug={slug} />;
}
