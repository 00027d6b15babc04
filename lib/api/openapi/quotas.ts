/** Contracts of team storage quotas (lib/quotas): a team's own usage, and the instance administrator's view and override. */
import { z } from "zod";
import { teamQuotaSchema, type TeamStorageView } from "@/lib/quotas/team-quotas";
import { defineRoute, describing } from "./contract";

export const teamStorageSchema = describing<TeamStorageView>()(
  z
    .object({
      teamId: z.uuid(),
      teamName: z.string(),
      blobBytes: z.number().int().meta({ description: "Bytes of the distinct blobs linked to the team's repositories (each counted once)" }),
      uploadBytes: z.number().int().meta({ description: "Bytes of the team's uploads in progress" }),
      usedBytes: z.number().int().meta({ description: "blobBytes + uploadBytes: what counts against the quota" }),
      quotaBytes: z.number().int().meta({ description: "The quota in force; 0 is unlimited" }),
      ownQuotaBytes: z.number().int().nullable().meta({ description: "The team's own quota, set by the instance administrator; null: TEAM_STORAGE_QUOTA applies" }),
      defaultQuotaBytes: z.number().int().meta({ description: "TEAM_STORAGE_QUOTA; 0 is unlimited" }),
    })
    .meta({ id: "TeamStorage" }),
);

export const QUOTA_ROUTES = {
  teamStorage: defineRoute({
    method: "get",
    path: "/team/storage",
    summary: "The current team's storage against its quota",
    description: "Uploads that would pass the quota are refused by the registry with `DENIED` naming it.",
    response: { schema: teamStorageSchema },
  }),
  listTeams: defineRoute({
    method: "get",
    path: "/admin/teams",
    summary: "Every team's storage and quota (instance administrator)",
    description: "Only the instance administrator (the first account created) may call it. Largest users first.",
    response: { schema: z.object({ teams: z.array(teamStorageSchema) }) },
  }),
  setTeamQuota: defineRoute({
    method: "patch",
    path: "/admin/teams/{id}",
    summary: "Set a team's storage quota (instance administrator)",
    description: "`{storageQuota}` in bytes or as a size (`50GiB`); `0` is unlimited; `null` returns the team to TEAM_STORAGE_QUOTA. Takes effect on the next upload.",
    body: teamQuotaSchema,
    response: { schema: z.object({ team: teamStorageSchema }) },
    errors: ["not_found"],
  }),
};
