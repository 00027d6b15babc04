import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requirePrincipal } from "@/lib/api/session";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  return (
    <AppShell user={{ name: principal.name, email: principal.email }}>{children}</AppShell>
  );
}
