"use client";

import { useState } from "react";
import { StorageUsage } from "@/components/quotas/storage-usage";
import { Button } from "@/components/ui/button";
import { Cell, Table } from "@/components/ui/table";
import { formatBytes } from "@/lib/images/describe/format";
import type { TeamStorageView } from "@/lib/quotas/team-quotas";
import { TeamQuotaEditDialog } from "./team-quota-edit-dialog";

const COLUMNS = [{ label: "Team" }, { label: "Used of quota" }, { label: "Uploads in progress", align: "right" as const }, { label: "Quota" }, { label: "Actions", isLabelHidden: true }];

/** Every team's storage against its quota, with the instance administrator's override per team. */
export function TeamQuotas({ initialTeams }: { initialTeams: TeamStorageView[] }) {
  const [teams, setTeams] = useState(initialTeams);
  const [editing, setEditing] = useState<TeamStorageView | null>(null);
  return (
    <>
      <Table label="Teams' storage" columns={COLUMNS}>
        {teams.map((team) => (
          <tr key={team.teamId}>
            <Cell className="font-medium text-slate-900">{team.teamName}</Cell>
            <Cell>
              <StorageUsage usedBytes={team.usedBytes} quotaBytes={team.quotaBytes} />
            </Cell>
            <Cell align="right">{formatBytes(team.uploadBytes)}</Cell>
            <Cell>{team.ownQuotaBytes === null ? <span className="text-slate-500">default</span> : team.ownQuotaBytes === 0 ? "unlimited" : formatBytes(team.ownQuotaBytes)}</Cell>
            <Cell align="right">
              <Button variant="secondary" onClick={() => setEditing(team)} aria-label={`Set the quota of ${team.teamName}`}>
                Set quota
              </Button>
            </Cell>
          </tr>
        ))}
      </Table>
      {editing ? (
        <TeamQuotaEditDialog
          team={editing}
          onClose={() => setEditing(null)}
          onSaved={(saved) => {
            setTeams((rows) => rows.map((row) => (row.teamId === saved.teamId ? saved : row)));
            setEditing(null);
          }}
        />
      ) : null}
    </>
  );
}
