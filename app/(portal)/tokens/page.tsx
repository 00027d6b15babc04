import type { Metadata } from "next";
import { TokenManager } from "@/components/tokens/token-manager";
import { PageHeader } from "@/components/ui/card";
import { requirePrincipal } from "@/app/_lib/request-lookups";
import { resolveRegistryHost } from "@/lib/config";

export const metadata: Metadata = { title: "Access tokens" };

export default async function TokensPage() {
  const principal = await requirePrincipal("/tokens");
  return (
    <>
      <PageHeader
        title="Personal access tokens"
        description="Tokens act as you: use them as the password for docker login, podman and skopeo, and as bearer tokens for the API."
      />
      <TokenManager email={principal.email} registryHost={resolveRegistryHost()} />
    </>
  );
}
