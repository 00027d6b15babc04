import type { Metadata } from "next";
import { CustomerView } from "@/components/customers/customer-view";
import type { CustomerJson } from "@/components/customers/types";
import { loadOrNotFound, requirePrincipal } from "@/app/_lib/request-lookups";
import { getConfig, resolveRegistryHost } from "@/lib/config";
import { getCustomer } from "@/lib/customers/customers";

type Params = Promise<{ slug: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  return { title: `Customer · ${(await params).slug}` };
}

export default async function CustomerPage({ params }: { params: Params }) {
  const { slug, id } = await params;
  const principal = await requirePrincipal(`/apps/${slug}/customers/${id}`);
  const customer = await loadOrNotFound(() => getCustomer(principal, slug, id));
  // The origin customers reach the portal at, for the curl command (NEXTAUTH_URL is always set by npm start).
  const origin = getConfig().NEXTAUTH_URL?.replace(/\/+$/, "") ?? "";
  return <CustomerView slug={slug} initial={JSON.parse(JSON.stringify(customer)) as CustomerJson} registryHost={resolveRegistryHost()} origin={origin} />;
}
