// The job kinds this server runs in the background (lib/jobs: pg-boss on the database).
// Each domain defines its jobs beside its logic; add them here to have every instance
// work on them. Any process may enqueue a job; instances started by scripts/start.ts run them.
// A function, not a constant: job handlers may need settings start.ts sets up first (secrets).
import { createAirgapBuildJob } from "../../lib/airgap/build-job";
import { createServerAirgapDeps } from "../../lib/airgap/server-deps";
import type { JobDefinition } from "../../lib/jobs";
import { prisma } from "../../lib/db/client";
import { createRegistryGcJob, createUploadPurgeJob } from "../../lib/registry/gc/gc-jobs";
import { getSharedStorageDriver } from "../../lib/registry/storage/shared-driver";

export function listServerJobs(): JobDefinition[] {
  const registry = { prisma, storage: getSharedStorageDriver() };
  return [createAirgapBuildJob(createServerAirgapDeps()) as JobDefinition, createRegistryGcJob(registry), createUploadPurgeJob(registry)];
}
