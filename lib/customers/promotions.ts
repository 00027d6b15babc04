/**
 * Promotions put a release on a channel under a version label (free text, unique within
 * the channel). The channel's current release is its newest promotion that is not
 * demoted; demoting keeps the row for the history and never touches the release. The
 * release is previewed again when promoted, with today's registry look-ups, so a
 * release whose images have since been deleted cannot reach customers. A channel can ask
 * for the airgap bundle of each release promoted to it (lib/airgap/build-on-promotion.ts).
 */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import { z } from "zod";
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { AppError, notFound } from "@/lib/errors";
import { getPreviewContext } from "@/lib/release-store/get-preview-context";
import { buildPreviewWithLookups } from "@/lib/release-store/preview-for-app";
import { refuseWithErrors } from "@/lib/release-store/refuse-with-errors";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import { buildBundleOnPromotion } from "@/lib/airgap/build-on-promotion";
import { getChannelRowOrThrow, resolveActiveChannel } from "./channels";

export const MAX_VERSION_LENGTH = 64;
export const MAX_NOTES_LENGTH = 64 * 1024;
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const promoteSchema = z.object({
  channel: z.string().trim().min(1, "pick a channel"),
  version: z
    .string()
    .trim()
    .min(1, "enter a version label, for example 1.4.2")
    .max(MAX_VERSION_LENGTH, `must be at most ${MAX_VERSION_LENGTH} characters`)
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), "must not contain control characters or line breaks"),
  notes: z.string().max(MAX_NOTES_LENGTH, `must be at most ${MAX_NOTES_LENGTH} characters`).optional().default(""),
});
export type PromoteInput = z.infer<typeof promoteSchema>;

interface Person {
  name: string;
  email: string;
}

export interface PromotionView {
  id: string;
  channel: string;
  releaseSequence: number;
  version: string;
  /** Markdown as the vendor wrote it; pages render it with raw HTML escaped. */
  notes: string;
  promotedAt: Date;
  promotedBy: Person;
  demotedAt: Date | null;
  demotedBy: Person | null;
}

const PERSON = { select: { name: true, email: true } } as const;
const PROMOTION_SELECT = {
  id: true,
  version: true,
  notes: true,
  createdAt: true,
  demotedAt: true,
  channel: { select: { name: true } },
  release: { select: { sequence: true } },
  promotedBy: PERSON,
  demotedBy: PERSON,
} satisfies Prisma.PromotionSelect;
type PromotionRow = Prisma.PromotionGetPayload<{ select: typeof PROMOTION_SELECT }>;

function toView(row: PromotionRow): PromotionView {
  return {
    id: row.id,
    channel: row.channel.name,
    releaseSequence: row.release.sequence,
    version: row.version,
    notes: row.notes,
    promotedAt: row.createdAt,
    promotedBy: row.promotedBy,
    demotedAt: row.demotedAt,
    demotedBy: row.demotedBy,
  };
}

/** Promotes release `sequence` to a channel; refused while the release has error diagnostics or the label is taken. */
export async function promoteRelease(principal: Pick<Principal, "teamId" | "userId">, slug: string, sequence: number, input: PromoteInput): Promise<PromotionView> {
  const target = await getPreviewContext(principal, slug);
  const release = await prisma.release.findUnique({ where: { appId_sequence: { appId: target.app.id, sequence } }, select: { id: true, yaml: true } });
  if (!release) throw notFound(`Release ${sequence} of "${slug}"`);
  const channel = await resolveActiveChannel(target.app.id, input.channel);
  const preview = await buildPreviewWithLookups(target, release.yaml);
  const errors = preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error");
  if (errors.length > 0) throw refuseWithErrors(errors, "promoting it");
  try {
    const row = await prisma.$transaction(async (tx) => {
      const created = await tx.promotion.create({
        data: { channelId: channel.id, releaseId: release.id, version: input.version, notes: input.notes, promotedById: principal.userId },
        select: PROMOTION_SELECT,
      });
      await recordPrincipalEvent(tx, principal, { action: "release.promoted", appSlug: slug, target: `release ${sequence} to ${channel.name} as ${input.version}` });
      return created;
    });
    // A bundle that cannot be started shows as failed on the release; the promotion stands.
    await buildBundleOnPromotion(channel, release.id).catch(() => false);
    return toView(row);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `version: "${input.version}" is already a version of the channel "${channel.name}"; choose another label.`, {
        details: [{ path: "version", issue: `"${input.version}" is already used in "${channel.name}"` }],
      });
    }
    throw error;
  }
}

/** Demotes one promotion: the channel falls back to its previous promotion; the release stays. */
export async function demotePromotion(principal: Pick<Principal, "teamId" | "userId">, slug: string, promotionId: string): Promise<PromotionView> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const missing = notFound(`Promotion "${promotionId}" of "${slug}"`);
  if (!UUID_PATTERN.test(promotionId)) throw missing;
  const { count, row } = await prisma.$transaction(async (tx) => {
    const { count } = await tx.promotion.updateMany({
      where: { id: promotionId, channel: { appId: app.id }, demotedAt: null },
      data: { demotedAt: new Date(), demotedById: principal.userId },
    });
    const row = await tx.promotion.findFirst({ where: { id: promotionId, channel: { appId: app.id } }, select: PROMOTION_SELECT });
    if (row && count === 1) await recordPrincipalEvent(tx, principal, { action: "release.demoted", appSlug: slug, target: `${row.version} from ${row.channel.name}` });
    return { count, row };
  });
  if (!row) throw missing;
  if (count === 0) throw new AppError("conflict", `Version "${row.version}" was already demoted from "${row.channel.name}".`);
  return toView(row);
}

/** A channel's promotions, newest first, demoted ones included and flagged. */
export async function listPromotions(principal: Pick<Principal, "teamId">, slug: string, channelName: string): Promise<PromotionView[]> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const channel = await getChannelRowOrThrow(app.id, slug, channelName);
  const rows = await prisma.promotion.findMany({ where: { channelId: channel.id }, orderBy: { createdAt: "desc" }, select: PROMOTION_SELECT });
  return rows.map(toView);
}

/** The channel's current release (newest promotion not demoted) with its YAML, or null. */
export async function findCurrentRelease(channelId: string): Promise<{ version: string; sequence: number; yaml: string } | null> {
  const promotion = await prisma.promotion.findFirst({
    where: { channelId, demotedAt: null },
    orderBy: { createdAt: "desc" },
    select: { version: true, release: { select: { sequence: true, yaml: true } } },
  });
  return promotion ? { version: promotion.version, sequence: promotion.release.sequence, yaml: promotion.release.yaml } : null;
}
