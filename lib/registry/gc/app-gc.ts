/**
 * Garbage collection and storage as an application's team sees them: run a collection
 * now (or a dry run), the stored bytes, the untagged-manifest policy (off by default)
 * and the recent runs with their before and after sizes. Authorisation is the app
 * look-up of lib/auth/access.ts; the collector itself is collect-garbage.ts.
 */
import { z } from "zod";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma, type PrismaClient } from "@/lib/db/client";
import { collectGarbage, type GcResult } from "@/lib/registry/gc/collect-garbage";
import { resolveGcGraceMs } from "@/lib/registry/gc/gc-grace";
import { measureStoredBytes } from "@/lib/registry/gc/stored-bytes";
import type { StorageDriver } from "@/lib/registry/storage/driver";
import { getSharedStorageDriver } from "@/lib/registry/storage/shared-driver";
import { getMetrics } from "@/lib/observability/metrics";

export const runGcSchema = z.object({ dryRun: z.boolean().default(false) }).strict();
export type RunGcInput = z.infer<typeof runGcSchema>;

export const gcPolicySchema = z.object({ pruneUntagged: z.boolean() }).strict();
export type GcPolicyInput = z.infer<typeof gcPolicySchema>;

export interface GcRunView {
  id: string;
  dryRun: boolean;
  trigger: string;
  blobsDeleted: number;
  bytesDeleted: number;
  manifestsDeleted: number;
  bytesBefore: number;
  bytesAfter: number;
  startedAt: string;
  finishedAt: string;
}

export interface AppStorageView {
  storedBytes: number;
  storage: string;
  graceSeconds: number;
  policy: { pruneUntagged: boolean };
  runs: GcRunView[];
}

const RECENT_RUNS = 10;

interface GcRunRow {
  id: string;
  dryRun: boolean;
  trigger: string;
  blobsDeleted: number;
  bytesDeleted: bigint;
  manifestsDeleted: number;
  bytesBefore: bigint;
  bytesAfter: bigint;
  startedAt: Date;
  finishedAt: Date;
}

function toRunView(row: GcRunRow): GcRunView {
  return {
    ...row,
    bytesDeleted: Number(row.bytesDeleted),
    bytesBefore: Number(row.bytesBefore),
    bytesAfter: Number(row.bytesAfter),
    startedAt: row.startedAt.toISOString(),
    finishedAt: row.finishedAt.toISOString(),
  };
}

/** Runs a collection for one app (or the installation) and records it; what scheduled and on-demand runs share. */
export async function runRecordedGc(
  deps: { prisma: PrismaClient; storage: StorageDriver },
  input: { appId: string | null; dryRun: boolean; graceMs: number; trigger: "api" | "schedule" },
): Promise<GcResult> {
  const startedAt = new Date();
  const outcome = input.dryRun ? "dry_run" : "collected";
  const result = await collectGarbage(deps, input).catch((error: unknown) => {
    getMetrics().gcRuns.inc({ trigger: input.trigger, outcome: "failed" });
    throw error;
  });
  getMetrics().gcRuns.inc({ trigger: input.trigger, outcome });
  await deps.prisma.$executeRaw`
    INSERT INTO "GcRun" (id, "appId", "dryRun", trigger, "blobsDeleted", "bytesDeleted", "manifestsDeleted", "bytesBefore", "bytesAfter", "startedAt", "finishedAt")
    VALUES (gen_random_uuid(), ${input.appId}::uuid, ${input.dryRun}, ${input.trigger}, ${result.blobsDeleted}, ${result.bytesDeleted}, ${result.manifestsDeleted},
            ${result.bytesBefore}, ${result.bytesAfter}, ${startedAt}, ${new Date()})`;
  return result;
}

/** POST /api/v1/apps/{slug}/gc: collects the app's garbage now (or reports what a run would delete). */
export async function runAppGc(principal: Pick<Principal, "teamId">, slug: string, input: RunGcInput): Promise<GcResult> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return runRecordedGc({ prisma, storage: getSharedStorageDriver() }, { appId: app.id, dryRun: input.dryRun, graceMs: resolveGcGraceMs(), trigger: "api" });
}

async function readPolicy(appId: string): Promise<{ pruneUntagged: boolean }> {
  const rows = await prisma.$queryRaw<{ pruneUntagged: boolean }[]>`SELECT "pruneUntagged" FROM "AppGcPolicy" WHERE "appId" = ${appId}::uuid`;
  return { pruneUntagged: rows[0]?.pruneUntagged ?? false };
}

/** GET /api/v1/apps/{slug}/gc: stored bytes, the policy and the recent runs. */
export async function getAppStorage(principal: Pick<Principal, "teamId">, slug: string): Promise<AppStorageView> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const [storedBytes, policy, runs] = await Promise.all([
    measureStoredBytes(prisma, app.id),
    readPolicy(app.id),
    prisma.$queryRaw<GcRunRow[]>`
      SELECT id::text AS id, "dryRun", trigger, "blobsDeleted", "bytesDeleted", "manifestsDeleted", "bytesBefore", "bytesAfter", "startedAt", "finishedAt"
      FROM "GcRun" WHERE "appId" = ${app.id}::uuid ORDER BY "startedAt" DESC LIMIT ${RECENT_RUNS}`,
  ]);
  const storage = getSharedStorageDriver().name;
  return { storedBytes, storage, graceSeconds: Math.round(resolveGcGraceMs() / 1000), policy, runs: runs.map(toRunView) };
}

/** PUT /api/v1/apps/{slug}/gc/policy: whether collections also prune the app's untagged manifests. */
export async function setAppGcPolicy(principal: Pick<Principal, "teamId">, slug: string, input: GcPolicyInput): Promise<{ pruneUntagged: boolean }> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  await prisma.$executeRaw`
    INSERT INTO "AppGcPolicy" ("appId", "pruneUntagged", "updatedAt") VALUES (${app.id}::uuid, ${input.pruneUntagged}, ${new Date()})
    ON CONFLICT ("appId") DO UPDATE SET "pruneUntagged" = EXCLUDED."pruneUntagged", "updatedAt" = EXCLUDED."updatedAt"`;
  return { pruneUntagged: input.pruneUntagged };
}
