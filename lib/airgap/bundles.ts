/**
 * Airgap bundles for the vendor's team and for customers: start (or join) a build, read
 * its state, and find a ready bundle to download.
 *
 * Who may do what: the vendor's team works on its own applications' releases (another
 * team's read as not found, lib/auth/access). A customer downloads with its license when
 * the license is in force (else 401), carries the `airgap` entitlement (else 403), and its
 * channel has the release promoted (else 404, as for a release that does not exist).
 */
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import type { LicenseHolder } from "@/lib/customers/license-auth";
import { prisma } from "@/lib/db/client";
import { conflict, forbidden, notFound } from "@/lib/errors";
import { enqueueJob } from "@/lib/jobs";
import { formatBundleFileName } from "./airgap-commands";
import { AIRGAP_BUILD_JOB } from "./build-job";
import { failBuild, findBundleRow, requestBuild, type BundleRow } from "./bundle-rows";
import { toBundleView, type BundleView } from "./bundle-view";

export interface BundleDownload {
  /** `sha256:<hex>`: the tar's name in the blob store. */
  digest: string;
  size: number;
  filename: string;
  appId: string;
  sequence: number;
}

async function findReleaseOrThrow(principal: Pick<Principal, "teamId">, slug: string, sequence: number) {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const release = await prisma.release.findUnique({ where: { appId_sequence: { appId: app.id, sequence } }, select: { id: true, sequence: true } });
  if (!release) throw notFound(`Release ${sequence} of "${slug}"`);
  return { app, release };
}

/** Starts the build of the release's bundle (202), or joins the one running; a ready bundle is returned as it is. */
export async function startBundleBuild(principal: Pick<Principal, "teamId" | "email">, slug: string, sequence: number): Promise<BundleView> {
  const { release } = await findReleaseOrThrow(principal, slug, sequence);
  return toBundleView(await requestAndEnqueue(release.id, `build of release ${sequence} requested by ${principal.email}`));
}

/** Requests a build and enqueues its job when this call started it; a job that cannot be stored fails the attempt. */
export async function requestAndEnqueue(releaseId: string, reason: string): Promise<BundleRow> {
  const { row, isStarted } = await requestBuild(prisma, releaseId, reason);
  if (isStarted) {
    try {
      await enqueueJob(AIRGAP_BUILD_JOB, { bundleId: row.id, attempt: row.attempt });
    } catch (error) {
      await failBuild(prisma, row.id, row.attempt, { error: `the build could not be queued: ${error instanceof Error ? error.message : error}`, failedImage: null });
      throw error;
    }
  }
  return row;
}

/** The state of the release's bundle, or null when none was ever requested. */
export async function getBundle(principal: Pick<Principal, "teamId">, slug: string, sequence: number): Promise<BundleView | null> {
  const { release } = await findReleaseOrThrow(principal, slug, sequence);
  const row = await findBundleRow(prisma, release.id);
  return row ? toBundleView(row) : null;
}

/** The ready bundle of a release, or the error a download gets (409 while building, 404 when there is none). */
function readyOrThrow(row: BundleRow | null, sequence: number): { digest: string; size: number } {
  const view = row ? toBundleView(row) : null;
  if (row && view?.status === "ready" && row.blobDigest && row.size !== null) return { digest: row.blobDigest, size: row.size };
  if (view?.status === "building") throw conflict(`The airgap bundle of release ${sequence} is still being built (${view.imagesDone} of ${view.imagesTotal} images); try again when it is ready.`);
  throw notFound(`An airgap bundle of release ${sequence}`);
}

/** A ready bundle of one of the team's releases, for the vendor's download. */
export async function findVendorBundleDownload(principal: Pick<Principal, "teamId">, slug: string, sequence: number): Promise<BundleDownload> {
  const { app, release } = await findReleaseOrThrow(principal, slug, sequence);
  const ready = readyOrThrow(await findBundleRow(prisma, release.id), sequence);
  return { ...ready, filename: formatBundleFileName(app.slug, sequence), appId: app.id, sequence };
}

/** A ready bundle for the license holder: entitled to airgap, and its channel has the release. */
export async function findLicenseBundleDownload(holder: LicenseHolder, sequence: number): Promise<BundleDownload> {
  const customer = await prisma.customer.findUniqueOrThrow({ where: { id: holder.customerId }, select: { isAirgapEnabled: true, channelId: true, appId: true } });
  if (!customer.isAirgapEnabled) throw forbidden("This license is not entitled to airgap bundles; ask the vendor to enable airgap for it.");
  const release = await prisma.release.findFirst({
    where: { appId: customer.appId, sequence, promotions: { some: { channelId: customer.channelId, demotedAt: null } } },
    select: { id: true },
  });
  if (!release) throw notFound(`Release ${sequence} on your channel`);
  const ready = readyOrThrow(await findBundleRow(prisma, release.id), sequence);
  return { ...ready, filename: formatBundleFileName(holder.appSlug, sequence), appId: customer.appId, sequence };
}

/** Records a customer's bundle download in the pull ledger (one row per request, ranges included). */
export async function recordBundleDownload(holder: LicenseHolder, download: BundleDownload, request: { clientAddress: string; userAgent: string; range: string | null }): Promise<void> {
  await prisma.licensePull.create({
    data: {
      customerId: holder.customerId,
      appId: download.appId,
      repository: "airgap bundle",
      reference: `release-${download.sequence}`,
      digest: download.digest,
      method: request.range ? `GET ${request.range}`.slice(0, 64) : "GET",
      clientAddress: request.clientAddress,
      userAgent: request.userAgent.slice(0, 512),
    },
  });
}
