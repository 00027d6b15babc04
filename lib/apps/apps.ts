/** Applications: created by a team member, listed and loaded only within the team. */
import { recordPrincipalEvent } from "@/lib/audit/record-audit-event";
import { z } from "zod";
import { appsVisibleTo, getAppForPrincipalOrThrow } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import { prisma, Prisma } from "@/lib/db/client";
import { AppError, invalidInput } from "@/lib/errors";
import { defaultChannelRows } from "@/lib/customers/channels";
import { deriveSlug, explainSlug } from "./slug";

export const createAppSchema = z.object({
  name: z.string().trim().min(1, "enter a name").max(100, "must be at most 100 characters"),
  slug: z
    .string()
    .trim()
    .optional()
    .transform((value) => value || undefined),
});
export type CreateAppInput = z.infer<typeof createAppSchema>;

export interface AppView {
  id: string;
  name: string;
  slug: string;
  createdAt: Date;
}

const VIEW = { id: true, name: true, slug: true, createdAt: true } as const;

/** Creates an app owned by the principal's team, with its default channels. The slug is unique installation-wide. */
export async function createApp(principal: Principal, input: CreateAppInput): Promise<AppView> {
  const slug = input.slug ?? deriveSlug(input.name);
  const reason = explainSlug(slug);
  if (reason) {
    throw input.slug
      ? invalidInput("slug", reason)
      : invalidInput("slug", `could not derive a valid slug from the name (${reason}); enter one`);
  }
  try {
    return await prisma.$transaction(async (tx) => {
      const app = await tx.app.create({
        data: { name: input.name, slug, teamId: principal.teamId, channels: { create: defaultChannelRows() } },
        select: VIEW,
      });
      await recordPrincipalEvent(tx, principal, { action: "app.created", appSlug: slug, target: input.name });
      return app;
    });
  } catch (error) {
    // The unique index decides between concurrent creates: exactly one wins.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      throw new AppError("conflict", `The slug "${slug}" is already taken. Choose another slug.`, {
        details: [{ path: "slug", issue: `"${slug}" is already taken` }],
      });
    }
    throw error;
  }
}

/** The principal's team's apps, newest first. */
export function listApps(principal: Principal): Promise<AppView[]> {
  return prisma.app.findMany({ where: appsVisibleTo(principal), orderBy: { createdAt: "desc" }, select: VIEW });
}

/** One app of the principal's team; another team's app is `not_found`. */
export async function getApp(principal: Principal, slug: string): Promise<AppView> {
  const app = await getAppForPrincipalOrThrow(principal, slug);
  return { id: app.id, name: app.name, slug: app.slug, createdAt: app.createdAt };
}
