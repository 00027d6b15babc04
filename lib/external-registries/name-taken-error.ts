/** Registry names are unique per team; the unique index, not a prior read, decides races. */
import { Prisma } from "@/lib/db/client";
import { AppError } from "@/lib/errors";

/** A unique-index violation on (teamId, name) as a `conflict` on the `name` field; any other error unchanged. */
export function toNameTakenError(error: unknown, name: string): unknown {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError) || error.code !== "P2002") return error;
  return new AppError("conflict", `A registry named "${name}" already exists in your team. Choose another name.`, {
    details: [{ path: "name", issue: `"${name}" is already used by another registry in your team` }],
  });
}
