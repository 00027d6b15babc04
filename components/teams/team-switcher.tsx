"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch } from "@/components/ui/api-client";

export interface TeamOption {
  id: string;
  name: string;
  role: string;
}

/** The session's current team; switching sets the team cookie and reloads the page's data. */
export function TeamSwitcher({ teams, currentId }: { teams: TeamOption[]; currentId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const current = teams.find((team) => team.id === currentId);
  if (teams.length < 2) {
    return (
      <span className="whitespace-nowrap text-xs text-slate-500" data-testid="current-team">
        {current?.name} <span className="text-slate-400">({current?.role})</span>
      </span>
    );
  }
  return (
    <label className="flex items-center gap-2 text-xs text-slate-500">
      <span className="sr-only">Team</span>
      <select
        aria-label="Team"
        data-testid="team-switcher"
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm text-slate-800"
        value={currentId}
        disabled={pending}
        onChange={async (event) => {
          setPending(true);
          await apiFetch("/session/team", { method: "PUT", json: { team: event.target.value } });
          setPending(false);
          router.push("/apps");
          router.refresh();
        }}
      >
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name} ({team.role})
          </option>
        ))}
      </select>
    </label>
  );
}
