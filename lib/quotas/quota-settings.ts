/**
 * The limits on what one team or one user can take from the instance, taken from the one
 * configuration (lib/config: TEAM_STORAGE_QUOTA, REGISTRY_MAX_BLOB_SIZE, MIN_FREE_SPACE,
 * MAX_UPLOAD_SESSIONS_PER_USER, MAX_UPLOAD_SESSIONS_PER_APP; sizes in bytes, 0 = none).
 */
import { getConfig, type Config } from "@/lib/config";

export interface QuotaSettings {
  /** Bytes per team unless the team has its own quota; 0 means unlimited. */
  teamStorageQuota: number;
  /** Bytes per blob; 0 means unlimited. */
  maxBlobSize: number;
  /** Free bytes the data volume keeps; 0 turns the check off. */
  minFreeSpace: number;
  maxUploadSessionsPerUser: number;
  maxUploadSessionsPerApp: number;
}

type QuotaConfig = Pick<Config, "TEAM_STORAGE_QUOTA" | "REGISTRY_MAX_BLOB_SIZE" | "MIN_FREE_SPACE" | "MAX_UPLOAD_SESSIONS_PER_USER" | "MAX_UPLOAD_SESSIONS_PER_APP">;

/** The limits of this process's configuration (or of `config`). */
export function resolveQuotaSettings(config: QuotaConfig = getConfig()): QuotaSettings {
  return {
    teamStorageQuota: config.TEAM_STORAGE_QUOTA,
    maxBlobSize: config.REGISTRY_MAX_BLOB_SIZE,
    minFreeSpace: config.MIN_FREE_SPACE,
    maxUploadSessionsPerUser: config.MAX_UPLOAD_SESSIONS_PER_USER,
    maxUploadSessionsPerApp: config.MAX_UPLOAD_SESSIONS_PER_APP,
  };
}

/** A team's effective quota in bytes (0: unlimited): its own when set, else the default. */
export function effectiveQuota(teamQuota: bigint | number | null, settings: Pick<QuotaSettings, "teamStorageQuota">): number {
  return teamQuota === null ? settings.teamStorageQuota : Number(teamQuota);
}
