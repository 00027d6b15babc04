import type { Metadata } from "next";
import { CustomersManager } from "@/components/customers/customers-manager";
import { loadOrNotFound, requirePrincipal } from "@/lib/api/session";
import { getApp } from "@/lib/apps/apps";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Customers · ${(await params).slug}` };
}

export default async function CustomersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/customers`);
  await loadOrNotFound(() => getApp(principal, slug));
  return <CustomersManager slug={slug} />;
}
