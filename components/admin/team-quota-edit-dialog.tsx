"use client";

import { useState } from "react";
import { ApiError } from "@/components/ui/api-client";
import { Field } from "@/components/ui/field";
import { FormDialog } from "@/components/ui/form-dialog";
import { formatBytes } from "@/lib/images/describe/format";
import type { TeamStorageView } from "@/lib/quotas/team-quotas";
import { saveTeamQuota } from "./admin-api";

/** Sets one team's quota: a size, 0 for unlimited, or empty for the instance default. */
export function TeamQuotaEditDialog({ team, onSaved, onClose }: { team: TeamStorageView; onSaved: (team: TeamStorageView) => void; onClose: () => void }) {
  const [value, setValue] = useState(team.ownQuotaBytes === null ? "" : String(team.ownQuotaBytes));
  const [error, setError] = useState<string>();
  const [isPending, setPending] = useState(false);
  const defaultText = team.defaultQuotaBytes === 0 ? "unlimited" : formatBytes(team.defaultQuotaBytes);
  async function submit() {
    setPending(true);
    setError(undefined);
    try {
      const text = value.trim();
      onSaved(await saveTeamQuota(team.teamId, text === "" ? null : /^\d+$/.test(text) ? Number(text) : text));
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : "The quota could not be saved.");
      setPending(false);
    }
  }
  return (
    <FormDialog title={`Storage quota of ${team.teamName}`} submitLabel="Save quota" isPending={isPending} onSubmit={() => void submit()} onClose={onClose}>
      <Field
        label="Quota"
        name="storageQuota"
        value={value}
        placeholder={`default (${defaultText})`}
        onChange={(event) => setValue(event.target.value)}
        error={error}
        hint={`A size such as 50GiB or 500MiB, a number of bytes, 0 for unlimited, or empty for the default (${defaultText}). Uses now: ${formatBytes(team.usedBytes)}.`}
        autoFocus
      />
    </FormDialog>
  );
}
