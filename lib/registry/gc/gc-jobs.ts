/**
 * The registry's scheduled background work (lib/jobs, so any instance may run it and a
 * crash loses none): an hourly garbage collection over the whole installation (which also
 * clears content no repository links any more) and an hourly purge of abandoned upload
 * sessions and their bytes (S3 multipart parts included). Concurrent runs on several
 * instances are safe: every deletion is decided under row locks (collect-garbage.ts).
 */
import type { PrismaClient } from "@/lib/db/client";
import { defineJob, type JobDefinition } from "@/lib/jobs";
import { runRecordedGc } from "@/lib/registry/gc/app-gc";
import { resolveGcGraceMs } from "@/lib/registry/gc/gc-grace";
import { purgeAbandonedUploads } from "@/lib/registry/metadata/upload-sessions";
import type { StorageDriver } from "@/lib/registry/storage/driver";

/** Sessions untouched this long are abandoned (the same default the registry handler uses). */
export const ABANDONED_UPLOAD_MAX_AGE_MS = 24 * 60 * 60 * 1000;

export interface RegistryJobDeps {
  prisma: PrismaClient;
  storage: StorageDriver;
  graceMs?: number;
}

/** The scheduled whole-installation garbage collection (minute 17 of every hour, UTC). */
export function createRegistryGcJob(deps: RegistryJobDeps): JobDefinition {
  return defineJob<object>({
    name: "registry-gc",
    retryLimit: 1,
    expireInSeconds: 60 * 60,
    schedule: { cron: "17 * * * *" },
    handler: async (_data, context) => {
      const result = await runRecordedGc(deps, { appId: null, dryRun: false, graceMs: deps.graceMs ?? resolveGcGraceMs(), trigger: "schedule" });
      context.log(`registry gc: ${result.blobsDeleted} blobs (${result.bytesDeleted} bytes) and ${result.manifestsDeleted} manifests deleted`);
    },
  }) as JobDefinition;
}

/** The scheduled purge of abandoned uploads (minute 47 of every hour, UTC). */
export function createUploadPurgeJob(deps: RegistryJobDeps): JobDefinition {
  return defineJob<object>({
    name: "registry-upload-purge",
    retryLimit: 1,
    schedule: { cron: "47 * * * *" },
    handler: async (_data, context) => {
      const removed = await purgeAbandonedUploads(deps.prisma, deps.storage, ABANDONED_UPLOAD_MAX_AGE_MS);
      context.log(`registry upload purge: ${removed} abandoned upload areas removed`);
    },
  }) as JobDefinition;
}
