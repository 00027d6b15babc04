import type { Metadata } from "next";
import { InvitationAccept } from "@/components/teams/invitation-accept";
import { getSessionPerson, loadOrNotFound } from "@/app/_lib/request-lookups";
import { previewInvitation } from "@/lib/teams/invitations";

export const metadata: Metadata = { title: "Invitation" };
export const dynamic = "force-dynamic";

export default async function InvitationPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const invitation = await loadOrNotFound(() => previewInvitation(token));
  const person = await getSessionPerson();
  return (
    <InvitationAccept
      token={token}
      teamName={invitation.teamName}
      email={invitation.email}
      role={invitation.role}
      problem={invitation.problem}
      signedInAs={person?.email ?? null}
    />
  );
}
