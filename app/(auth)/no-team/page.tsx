import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { CreateTeamForm } from "@/components/teams/create-team-form";
import { getSessionPerson } from "@/app/_lib/request-lookups";

export const metadata: Metadata = { title: "No team" };
export const dynamic = "force-dynamic";

export default async function NoTeamPage() {
  const person = await getSessionPerson();
  if (!person) redirect("/sign-in");
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-semibold text-slate-900">You are not in a team</h1>
      <p className="text-sm text-slate-600">Open an invitation link from a team, or create a team of your own.</p>
      <CreateTeamForm />
    </div>
  );
}
