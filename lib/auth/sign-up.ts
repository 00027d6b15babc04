/** Public sign-up: a new user with a new team of their own. */
import { z } from "zod";
import { getConfig } from "@/lib/config";
import { prisma, Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { acceptInvitation } from "@/lib/teams/invitations";
import { explainWeakPassword, hashPassword } from "./password";
import type { Principal } from "./principal";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "enter your name").max(100, "must be at most 100 characters"),
  email: z.string().trim().toLowerCase().pipe(z.email("enter a valid e-mail address")),
  password: z.string().superRefine((value, ctx) => {
    const reason = explainWeakPassword(value);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  }),
  team: z.string().trim().min(1, "enter a team name").max(100, "must be at most 100 characters").optional(),
  /** An invitation link's secret: join that team (as invited) instead of creating one; works while sign-up is closed. */
  invitation: z.string().trim().min(1).max(100).optional(),
}).refine((input) => input.team || input.invitation, { path: ["team"], message: "enter a team name" });
export type SignUpInput = z.infer<typeof signUpSchema>;

/** Whether public sign-up is open (`SIGNUP=closed` turns it off). */
export function isSignUpOpen(): boolean {
  return getConfig().SIGNUP === "open";
}

/**
 * Creates the team and its first user (its owner) in one statement; with an
 * invitation, creates the user and accepts it instead. A taken e-mail is a conflict.
 */
export async function signUp(input: SignUpInput): Promise<Principal> {
  if (!input.invitation && !isSignUpOpen()) throw new AppError("forbidden", "Sign-up is closed on this installation. Ask an administrator for an account.");
  const passwordHash = await hashPassword(input.password);
  try {
    if (!input.invitation) return await createTeamWithOwner(input.team!, { email: input.email, name: input.name, passwordHash });
    const invitation = input.invitation;
    return await prisma.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { email: input.email, name: input.name, passwordHash } });
      const { team, role } = await acceptInvitation(user, invitation, tx);
      return { kind: "person", userId: user.id, teamId: team.id, role, scopes: null, email: user.email, name: user.name, via: "password" };
    });
  } catch (error) {
    throw explainTakenEmail(error);
  }
}

/** One statement (nested writes): the team, the person, and their owner membership. */
async function createTeamWithOwner(teamName: string, person: { email: string; name: string; passwordHash: string }): Promise<Principal> {
  const team = await prisma.team.create({
    data: { name: teamName, memberships: { create: { role: "owner", user: { create: person } } } },
    select: { id: true, memberships: { select: { user: { select: { id: true, email: true, name: true } } } } },
  });
  const user = team.memberships[0]!.user;
  return { kind: "person", userId: user.id, teamId: team.id, role: "owner", scopes: null, email: user.email, name: user.name, via: "password" };
}

/** A unique-index violation on the e-mail as a `conflict` naming the field; any other error unchanged. */
export function explainTakenEmail(error: unknown): unknown {
  if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
    return new AppError("conflict", "An account with this e-mail already exists. Sign in instead.", {
      details: [{ path: "email", issue: "an account with this e-mail already exists" }],
    });
  }
  return error;
}
