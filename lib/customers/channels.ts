/**
 * Channels: the release tracks of one application. Every app starts with Stable, Beta
 * and Unstable; vendors add, rename and archive more. Names are unique per app without
 * regard to case, so "beta" and "Beta" can never both exist. A channel that customers
 * follow cannot be archived: they would be left without releases.
 */
import { z } from "zod";
import { getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { AppError, invalidInput, notFound } from "@/lib/errors";
import { DEFAULT_CHANNELS, explainChannelName } from "./channel-name";

const channelNameSchema = z.string().trim().superRefine((value, ctx) => {
  const reason = explainChannelName(value);
  if (reason) ctx.addIssue({ code: "custom", message: reason });
});

export const createChannelSchema = z.object({
  name: channelNameSchema,
  /** Build the airgap bundle of each release promoted here when the channel has customers entitled to airgap. */
  airgapBuildOnPromotion: z.boolean().optional(),
});
export type CreateChannelInput = z.infer<typeof createChannelSchema>;

export const updateChannelSchema = z.object({
  name: channelNameSchema.optional(),
  archived: z.boolean().optional(),
  /** Build the airgap bundle of each release promoted here when the channel has customers entitled to airgap. */
  airgapBuildOnPromotion: z.boolean().optional(),
});
export type UpdateChannelInput = z.infer<typeof updateChannelSchema>;

export interface ChannelView {
  id: string;
  name: string;
  position: number;
  archived: boolean;
  archivedAt: Date | null;
  createdAt: Date;
  /** Customers (not archived) on the channel. */
  customerCount: number;
  /** The newest promotion that is not demoted. */
  currentRelease: { sequence: number; version: string; promotedAt: Date } | null;
  /** Promoting a release here builds its airgap bundle when airgap customers follow the channel. */
  airgapBuildOnPromotion: boolean;
}

type ChannelRow = { id: string; name: string; position: number; archivedAt: Date | null; createdAt: Date; airgapBuildOnPromotion: boolean };
const ROW = { id: true, name: true, position: true, archivedAt: true, createdAt: true, airgapBuildOnPromotion: true } as const;

/** The rows Prisma creates for a new app's default channels (used inside `app.create`). */
export function defaultChannelRows(): { name: string; position: number }[] {
  return DEFAULT_CHANNELS.map((name, position) => ({ name, position }));
}

/** Every channel of the app, archived ones included and flagged, in their display order. */
export async function listChannels(principal: Pick<Principal, "teamId">, slug: string): Promise<ChannelView[]> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const rows = await prisma.channel.findMany({ where: { appId: app.id }, orderBy: [{ position: "asc" }, { createdAt: "asc" }], select: ROW });
  return describeChannels(rows);
}

/** Adds a channel at the end of the list; a name taken in any case is a conflict. */
export async function createChannel(principal: Pick<Principal, "teamId">, slug: string, input: CreateChannelInput): Promise<ChannelView> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  await assertNameFree(app.id, input.name);
  const last = await prisma.channel.aggregate({ where: { appId: app.id }, _max: { position: true } });
  const row = await withNameConflict(input.name, () =>
    prisma.channel.create({
      data: { appId: app.id, name: input.name, position: (last._max.position ?? -1) + 1, airgapBuildOnPromotion: input.airgapBuildOnPromotion ?? false },
      select: ROW,
    }),
  );
  return (await describeChannels([row]))[0]!;
}

/** Renames and/or archives (or restores) the channel called `name`, or switches building airgap bundles on promotion. */
export async function updateChannel(principal: Pick<Principal, "teamId">, slug: string, name: string, input: UpdateChannelInput): Promise<ChannelView> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  const channel = await getChannelRowOrThrow(app.id, slug, name);
  if (input.name !== undefined && input.name !== channel.name) await assertNameFree(app.id, input.name, channel.id);
  const row = await prisma.$transaction(async (tx) => {
    // Lock the channel so a customer cannot be moved onto it between the check and the archive.
    await tx.$queryRaw`SELECT id FROM "Channel" WHERE id = ${channel.id}::uuid FOR UPDATE`;
    if (input.archived === true && channel.archivedAt === null) await assertNoCustomers(tx, channel);
    const archivedAt = input.archived === undefined ? undefined : input.archived ? (channel.archivedAt ?? new Date()) : null;
    return withNameConflict(input.name ?? channel.name, () =>
      tx.channel.update({ where: { id: channel.id }, data: { name: input.name, archivedAt, airgapBuildOnPromotion: input.airgapBuildOnPromotion }, select: ROW }),
    );
  });
  return (await describeChannels([row]))[0]!;
}

/** The channel row called `name` in the app; `not_found` otherwise. */
export async function getChannelRowOrThrow(appId: string, slug: string, name: string): Promise<ChannelRow> {
  const channel = await prisma.channel.findUnique({ where: { appId_name: { appId, name } }, select: ROW });
  if (!channel) throw notFound(`Channel "${name}" of "${slug}"`);
  return channel;
}

/** The channel a customer is put on: it must exist and not be archived (`invalid_input` on `field`). */
export async function resolveActiveChannel(appId: string, name: string, field = "channel"): Promise<{ id: string; name: string }> {
  const channel = await prisma.channel.findUnique({ where: { appId_name: { appId, name } }, select: { id: true, name: true, archivedAt: true } });
  if (!channel) throw invalidInput(field, `there is no channel "${name}"; create it on the Channels tab or pick an existing one`);
  if (channel.archivedAt) throw invalidInput(field, `the channel "${name}" is archived; restore it or pick another channel`);
  return { id: channel.id, name: channel.name };
}

async function assertNoCustomers(tx: Prisma.TransactionClient, channel: ChannelRow): Promise<void> {
  const customers = await tx.customer.count({ where: { channelId: channel.id, archivedAt: null } });
  if (customers > 0) {
    const who = customers === 1 ? "1 customer is" : `${customers} customers are`;
    throw new AppError("conflict", `The channel "${channel.name}" cannot be archived: ${who} on it. Move them to another channel first.`);
  }
}

async function assertNameFree(appId: string, name: string, exceptId?: string): Promise<void> {
  const taken = await prisma.channel.findFirst({
    where: { appId, name: { equals: name, mode: "insensitive" }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (taken) throw nameTaken(name, taken.name);
}

function nameTaken(name: string, existing: string): AppError {
  return new AppError("conflict", `A channel named "${existing}" already exists. Choose another name than "${name}".`, {
    details: [{ path: "name", issue: `"${existing}" already exists` }],
  });
}

/** Runs a write; the unique index decides between concurrent creates or renames of one name. */
async function withNameConflict<T>(name: string, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") throw nameTaken(name, name);
    throw error;
  }
}

/** Adds customer counts and current releases to channel rows, in two grouped queries. */
async function describeChannels(rows: ChannelRow[]): Promise<ChannelView[]> {
  const ids = rows.map((row) => row.id);
  const [counts, current] = await Promise.all([
    prisma.customer.groupBy({ by: ["channelId"], where: { channelId: { in: ids }, archivedAt: null }, _count: { _all: true } }),
    prisma.promotion.findMany({
      where: { channelId: { in: ids }, demotedAt: null },
      orderBy: [{ channelId: "asc" }, { createdAt: "desc" }],
      distinct: ["channelId"],
      select: { channelId: true, version: true, createdAt: true, release: { select: { sequence: true } } },
    }),
  ]);
  const countOf = new Map(counts.map((count) => [count.channelId, count._count._all]));
  const currentOf = new Map(current.map((promotion) => [promotion.channelId, promotion]));
  return rows.map((row) => {
    const promotion = currentOf.get(row.id);
    return {
      id: row.id,
      name: row.name,
      position: row.position,
      archived: row.archivedAt !== null,
      archivedAt: row.archivedAt,
      createdAt: row.createdAt,
      customerCount: countOf.get(row.id) ?? 0,
      currentRelease: promotion ? { sequence: promotion.release.sequence, version: promotion.version, promotedAt: promotion.createdAt } : null,
      airgapBuildOnPromotion: row.airgapBuildOnPromotion,
    };
  });
}
