import type { Metadata } from "next";
import { MembersManager } from "@/components/teams/members-manager";
import { TeamDeleteForm } from "@/components/teams/team-delete-form";
import { PageHeader } from "@/components/ui/card";
import { requirePermission } from "@/app/_lib/request-lookups";
import { isAllowed } from "@/lib/auth/access";
import { ROLE_DESCRIPTIONS } from "@/lib/auth/roles";
import { getTeam } from "@/lib/teams/teams";

export const metadata: Metadata = { title: "Members" };

export default async function MembersPage() {
  const principal = await requirePermission("team:read", "/team/members");
  const team = await getTeam(principal);
  return (
    <>
      <PageHeader title={`Members of ${team.name}`} description={`You are ${/^[aeiou]/.test(principal.role) ? "an" : "a"} ${principal.role} of this team.`} />
      <MembersManager
        permissions={{ canManage: isAllowed(principal, "members:manage"), canManageOwners: isAllowed(principal, "team:owners"), selfId: principal.userId }}
        roleHelp={ROLE_DESCRIPTIONS}
      />
      {isAllowed(principal, "team:delete") ? (
        <div className="mt-10">
          <TeamDeleteForm teamName={team.name} />
        </div>
      ) : null}
    </>
  );
}
