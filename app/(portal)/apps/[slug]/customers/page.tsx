import type { Metadata } from "next";
import { CustomersManager } from "@/components/customers/customers-manager";
import { getAppOnce, loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";

export async function generateMetadata({ params }: { params: Promise<{ slug: string }> }): Promise<Metadata> {
  return { title: `Customers · ${(await params).slug}` };
}

export default async function CustomersPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/customers`);
  await loadOrNotFound(() => getAppOnce(principal, slug));
  return <CustomersManager slug={slug} />;
}
