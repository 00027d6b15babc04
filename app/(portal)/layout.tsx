import type { ReactNode } from "react";
import { AppShell } from "@/components/layout/app-shell";
import { requirePrincipal } from "@/app/_lib/request-lookups";
import { PermissionsProvider } from "@/components/auth/permissions";
import { describePermissions, isAllowed } from "@/lib/auth/access";
import { listTeamsOfUser } from "@/lib/teams/memberships";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: ReactNode }) {
  const principal = await requirePrincipal();
  const teams = await listTeamsOfUser(principal.userId);
  const links = [
    { href: "/team/members", label: "Members", show: isAllowed(principal, "team:read") },
    { href: "/team/service-accounts", label: "Service accounts", show: isAllowed(principal, "service-accounts:manage") },
    { href: "/team/audit", label: "Audit log", show: isAllowed(principal, "audit:read") },
    { href: "/team/storage", label: "Storage", show: isAllowed(principal, "team:read") },
  ].filter((link) => link.show);
  return (
    <AppShell user={{ name: principal.name, email: principal.email }} team={{ teams, currentId: principal.teamId, links }}>
      <PermissionsProvider denials={describePermissions(principal)}>{children}</PermissionsProvider>
    </AppShell>
  );
}
