import type { Metadata } from "next";
import { RegistryManager } from "@/components/registries/registry-manager";
import { requirePrincipal } from "@/app/_lib/request-lookups";
import { isAllowed } from "@/lib/auth/access";
import { listRegistries } from "@/lib/external-registries/list-registries";

export const metadata: Metadata = { title: "External registries" };

export default async function RegistriesPage() {
  const principal = await requirePrincipal("/settings/registries");
  const registries = await listRegistries(principal);
  const rows = registries.map((registry) => ({
    ...registry,
    secretUpdatedAt: registry.secretUpdatedAt.toISOString(),
    createdAt: registry.createdAt.toISOString(),
    updatedAt: registry.updatedAt.toISOString(),
  }));
  return <RegistryManager initialRegistries={rows} canEdit={isAllowed(principal, "registries:write")} />;
}
