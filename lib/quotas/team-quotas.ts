/**
 * Team storage quotas as the portal shows and changes them: each team's usage against
 * its effective quota (its own, else TEAM_STORAGE_QUOTA), and the instance
 * administrator's override. Who may call what is decided in lib/auth (the route table:
 * `team:read` for a team's own view, `instance:admin` for every team and for changes).
 */
import { z } from "zod";
import { parseSize } from "@/lib/config/units";
import { prisma } from "@/lib/db/client";
import { notFound } from "@/lib/errors";
import { effectiveQuota, resolveQuotaSettings } from "./quota-settings";
import { findTeamStorage, listTeamStorage, type TeamStorage } from "./team-usage";

export interface TeamStorageView {
  teamId: string;
  teamName: string;
  /** Bytes of the distinct blobs linked to the team's repositories. */
  blobBytes: number;
  /** Bytes of its uploads in progress. */
  uploadBytes: number;
  /** blobBytes + uploadBytes: what counts against the quota. */
  usedBytes: number;
  /** The quota in force, in bytes; 0 means unlimited. */
  quotaBytes: number;
  /** The team's own quota (null: the default applies). */
  ownQuotaBytes: number | null;
  /** TEAM_STORAGE_QUOTA (0: unlimited). */
  defaultQuotaBytes: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function toView(storage: TeamStorage): TeamStorageView {
  const settings = resolveQuotaSettings();
  return {
    teamId: storage.teamId,
    teamName: storage.teamName,
    blobBytes: storage.blobBytes,
    uploadBytes: storage.uploadBytes,
    usedBytes: storage.blobBytes + storage.uploadBytes,
    quotaBytes: effectiveQuota(storage.storageQuota, settings),
    ownQuotaBytes: storage.storageQuota,
    defaultQuotaBytes: settings.teamStorageQuota,
  };
}

/** One team's storage against its quota (`not_found` for an unknown team). */
export async function getTeamStorageView(teamId: string): Promise<TeamStorageView> {
  const storage = UUID.test(teamId) ? await findTeamStorage(prisma, teamId) : null;
  if (!storage) throw notFound("Team");
  return toView(storage);
}

/** Every team's storage, largest first. */
export async function listTeamStorageViews(): Promise<TeamStorageView[]> {
  return (await listTeamStorage(prisma)).map(toView);
}

/** Bytes as a whole number or a size such as "50GiB"; null returns the team to the default. */
const quotaValueSchema = z.union([
  z.null(),
  z.number().int("must be a whole number of bytes").min(0, "must be 0 (unlimited) or more"),
  z.string().transform((text, ctx) => {
    try {
      return parseSize(text);
    } catch {
      ctx.addIssue({ code: "custom", message: "must be a size such as 50GiB, a number of bytes, 0 (unlimited) or null (the default)" });
      return z.NEVER;
    }
  }),
]);

export const teamQuotaSchema = z.object({ storageQuota: quotaValueSchema.meta({ description: "Bytes (or a size such as `50GiB`); `0` is unlimited; `null` returns the team to TEAM_STORAGE_QUOTA" }) });
export type TeamQuotaInput = z.infer<typeof teamQuotaSchema>;

/** Sets a team's own quota (null: back to the default) and returns its view; `not_found` for an unknown team. */
export async function setTeamStorageQuota(teamId: string, input: TeamQuotaInput): Promise<TeamStorageView> {
  if (!UUID.test(teamId)) throw notFound("Team");
  const quota = input.storageQuota === null ? null : BigInt(input.storageQuota);
  const { count } = await prisma.team.updateMany({ where: { id: teamId }, data: { storageQuota: quota } });
  if (count === 0) throw notFound("Team");
  return getTeamStorageView(teamId);
}
