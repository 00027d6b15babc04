/**
 * The `airgap-build` background job (lib/jobs): one run builds one attempt of one
 * release's bundle. Routes enqueue it with AIRGAP_BUILD_JOB; servers run it with the
 * definition `createAirgapBuildJob` makes from their dependencies. One build at a time per
 * server (they are disk- and network-bound). A run may take long: it counts as crashed only
 * after four hours without finishing, but a dead server's build shows as failed (its
 * heartbeat stops) within two minutes, and a retry can start at once.
 *
 * A run first ends the idle release-preview workers: one holds about 40 MiB, and a build
 * usually follows the preview of the release it bundles (its creation, its promotion),
 * which would keep that worker through the build; the next preview starts a fresh one.
 */
import { defineJob, type JobDefinition, type JobKind } from "@/lib/jobs";
import { closeIdlePreviewWorkers } from "@/lib/release-store/preview-pool";
import { runBundleBuild, type AirgapBuildDeps, type BuildJobData } from "./build-bundle";

export const AIRGAP_BUILD_JOB: JobKind<BuildJobData> = {
  name: "airgap-build",
  retryLimit: 3,
  retryDelaySeconds: 5,
  expireInSeconds: 4 * 60 * 60,
};

/**
 * A full collection once a build ends, when Node runs with `--expose-gc` (`npm start`
 * does): a build's garbage (promises, Prisma statements, the polled status) is promoted
 * into V8's old generation, which no full collection took between builds, so each build
 * started where the last had left the heap (measured: +5 MiB per build). One collection
 * per build is a pause of the order of 100 ms after minutes of work.
 */
function collectBuildGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** The job's definition with the server's (or a test's) dependencies. */
export function createAirgapBuildJob(deps: AirgapBuildDeps): JobDefinition<BuildJobData> {
  return defineJob<BuildJobData>({
    ...AIRGAP_BUILD_JOB,
    concurrency: 1,
    handler: async (data, context) => {
      await closeIdlePreviewWorkers();
      try {
        await runBundleBuild(deps, data, context);
      } finally {
        collectBuildGarbage();
      }
    },
  });
}
