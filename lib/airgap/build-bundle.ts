/**
 * One run of a bundle build (the `airgap-build` job's work): claim the attempt, resolve
 * every image of the release's `images:` (plan-bundle.ts), then stream the tar into the
 * blob store (write-bundle.ts) while reporting progress and a heartbeat on the row.
 *
 * Outcomes: ready (the row names the tar's digest); failed with the image and the reason
 * (the upload area is discarded, so nothing partial is visible; the vendor retries); or,
 * when the server stops mid-build, the run is abandoned as it stands and the job runs again
 * (lib/jobs retries it), starting over in a fresh upload area.
 */
import { randomBytes } from "node:crypto";
import { registriesVisibleTo } from "@/lib/auth/access";
import type { JobContext } from "@/lib/jobs";
import { normalizeContext } from "@/lib/releases/classify-image";
import { parseImageReference } from "@/lib/releases/parse-image-reference";
import { previewRelease } from "@/lib/releases/preview-release";
import type { AirgapEntry, ReleaseContext } from "@/lib/releases/types";
import { AirgapImageError, toAirgapImageError } from "./airgap-errors";
import { formatAirgapRefName } from "./airgap-names";
import { claimBuild, failBuild, finishBuild, HEARTBEAT_INTERVAL_MS, updateBuild } from "./bundle-rows";
import { openImageSource, type AirgapSourceDeps } from "./image-sources";
import { planImage, type PlannedImage } from "./plan-bundle";
import { rewriteReleaseForAirgap } from "./rewrite-for-airgap";
import { estimateBundleSize, writeBundle, type BundleProgress } from "./write-bundle";

export interface AirgapBuildDeps extends AirgapSourceDeps {
  /** The registry host releases are previewed with (REGISTRY_HOST). */
  registryHost: string;
}

export interface BuildJobData {
  bundleId: string;
  attempt: number;
}

/**
 * Progress reaches the row at most this often: the portal polls a build once a second
 * (BUILD_POLL_INTERVAL_MS), and each write is a Prisma statement whose garbage a build
 * adds to the portal's memory.
 */
const PROGRESS_INTERVAL_MS = 1000;

const MIB = 1024 * 1024;

function formatMiB(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

async function loadRelease(deps: AirgapBuildDeps, releaseId: string) {
  const release = await deps.prisma.release.findUniqueOrThrow({
    where: { id: releaseId },
    select: {
      sequence: true,
      yaml: true,
      app: { select: { id: true, slug: true, name: true, teamId: true } },
      promotions: { where: { demotedAt: null }, orderBy: { createdAt: "asc" }, select: { version: true, channel: { select: { name: true } } } },
    },
  });
  const externalRegistries = await deps.prisma.externalRegistry.findMany({ where: registriesVisibleTo({ teamId: release.app.teamId }), select: { name: true, endpoint: true } });
  const context: ReleaseContext = { registryHost: deps.registryHost, appSlug: release.app.slug, externalRegistries };
  return { release, context };
}

/** Resolves each listed image (once per reference), logging each; throws AirgapImageError for the first that fails. */
async function planImages(deps: AirgapBuildDeps, app: { id: string; slug: string; teamId: string }, context: ReleaseContext, entries: AirgapEntry[], log: (line: string) => Promise<void>): Promise<PlannedImage[]> {
  const normalized = normalizeContext(context);
  const planned: PlannedImage[] = [];
  for (const entry of entries) {
    const parsed = parseImageReference(entry.reference);
    if (!parsed.ok) throw new AirgapImageError(entry.reference, "unsupported", parsed.reason);
    const { reference } = parsed;
    let image: PlannedImage;
    try {
      const source = await openImageSource(deps, app, normalized, { reference: entry.reference, origin: entry.origin, registry: reference.registry, repository: reference.repository });
      image = await planImage({ reference: entry.reference, refName: formatAirgapRefName(reference, normalized), tagOrDigest: reference.digest ?? reference.tag ?? "latest", source });
    } catch (error) {
      throw toAirgapImageError(entry.reference, error);
    }
    planned.push(image);
    const platforms = image.platforms.length ? ` (${image.platforms.join(", ")})` : "";
    await log(`resolved ${entry.reference} to ${image.descriptor.digest}${platforms}, ${formatMiB(image.size)}`);
  }
  return planned;
}

/**
 * Reports progress to the row: at most every PROGRESS_INTERVAL_MS and one write at a time;
 * an image finished while a write is in flight is written right after it, with its log
 * line, and `flush` waits until everything reported so far is stored.
 */
function createProgressWriter(deps: AirgapBuildDeps, data: BuildJobData, references: string[]) {
  let lastWrite = 0;
  let inFlight: Promise<void> | null = null;
  let latest: BundleProgress | null = null;
  let imagesLogged = 0;
  const pendingLines: string[] = [];

  const write = (): Promise<void> => {
    const progress = latest!;
    latest = null;
    lastWrite = Date.now();
    const logLine = pendingLines.splice(0).join("; ") || undefined;
    return updateBuild(deps.prisma, data.bundleId, data.attempt, { imagesDone: progress.imagesDone, bytes: progress.bytes, logLine })
      .then(() => undefined, () => undefined)
      .finally(() => {
        inFlight = null;
        if (latest && pendingLines.length > 0) inFlight = write();
      });
  };

  return {
    report(progress: BundleProgress) {
      latest = progress;
      for (; imagesLogged < progress.imagesDone; imagesLogged++) pendingLines.push(`wrote ${references[imagesLogged]} (${imagesLogged + 1} of ${references.length})`);
      if (inFlight || (pendingLines.length === 0 && Date.now() - lastWrite < PROGRESS_INTERVAL_MS)) return;
      inFlight = write();
    },
    async flush() {
      while (inFlight) await inFlight;
      if (latest) await write();
    },
  };
}

/** Runs one attempt of a bundle build to its end (see the module comment for the outcomes). */
export async function runBundleBuild(deps: AirgapBuildDeps, data: BuildJobData, context: Pick<JobContext, "signal" | "log">): Promise<void> {
  const { prisma, storage } = deps;
  const uploadId = `airgap-${data.bundleId}-${data.attempt}-${randomBytes(4).toString("hex")}`;
  const claim = await claimBuild(prisma, data.bundleId, data.attempt, uploadId);
  if (!claim) return context.log(`attempt ${data.attempt} is no longer building; nothing to do`);
  if (claim.previousUploadId) await storage.deleteUpload(claim.previousUploadId).catch(() => undefined);
  const log = async (line: string) => {
    await updateBuild(prisma, data.bundleId, data.attempt, { logLine: line });
  };
  const heartbeat = setInterval(() => void updateBuild(prisma, data.bundleId, data.attempt, {}).catch(() => undefined), HEARTBEAT_INTERVAL_MS);
  const startedAt = Date.now();
  try {
    const { release, context: releaseContext } = await loadRelease(deps, claim.row.releaseId);
    const preview = previewRelease(release.yaml, releaseContext);
    const entries = preview.airgap.filter((entry, index, all) => all.findIndex((other) => other.reference === entry.reference) === index);
    await updateBuild(prisma, data.bundleId, data.attempt, { imagesTotal: entries.length, logLine: `resolving ${entries.length} image(s) of release ${release.sequence}` });
    const images = await planImages(deps, release.app, releaseContext, entries, log);
    const bytesTotal = estimateBundleSize(images);
    await updateBuild(prisma, data.bundleId, data.attempt, { bytesTotal, logLine: `writing the bundle (about ${formatMiB(bytesTotal)})` });
    const progress = createProgressWriter(deps, data, images.map((image) => image.reference));
    const written = await writeBundle({
      storage,
      uploadId,
      images,
      manifestsYaml: rewriteReleaseForAirgap(release.yaml, preview, releaseContext),
      description: {
        app: { slug: release.app.slug, name: release.app.name },
        release: { sequence: release.sequence, channels: release.promotions.map((promotion) => ({ channel: promotion.channel.name, version: promotion.version })) },
        createdAt: new Date(),
      },
      signal: context.signal,
      onProgress: progress.report,
    }).finally(() => progress.flush());
    const seconds = Math.max((Date.now() - startedAt) / 1000, 0.001);
    const logLine = `ready: ${written.digest}, ${formatMiB(written.size)} in ${seconds.toFixed(1)} s (${(written.size / MIB / seconds).toFixed(1)} MiB/s)`;
    if (!(await finishBuild(prisma, data.bundleId, data.attempt, { blobDigest: written.digest, size: written.size, logLine }))) {
      context.log(`attempt ${data.attempt} was superseded while it finished; its bundle ${written.digest} is left for garbage collection`);
    }
  } catch (error) {
    await storage.deleteUpload(uploadId).catch(() => undefined);
    // A stopping server abandons the run; the job is retried and starts over.
    if (context.signal.aborted) throw error;
    const failure =
      error instanceof AirgapImageError
        ? { error: error.message, failedImage: error.image }
        : { error: `the bundle could not be written: ${error instanceof Error ? error.message : String(error)}`, failedImage: null };
    await failBuild(prisma, data.bundleId, data.attempt, failure);
    context.log(failure.error);
  } finally {
    clearInterval(heartbeat);
  }
}
