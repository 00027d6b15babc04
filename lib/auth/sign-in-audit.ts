/** Sign-ins in the audit log: each success and failure, in every team of the person (a failure for an unknown e-mail has no team). */
import { recordAuditEventNow } from "@/lib/audit/record-audit-event";
import { runWithAuditContext } from "@/lib/audit/audit-context";
import { prisma } from "@/lib/db/client";

export interface SignInRecord {
  email: string;
  userId?: string;
  clientAddress: string;
  outcome: "success" | "failure";
  reason?: string;
}

/** Records one sign-in attempt; never throws (the spool keeps what the table refuses). */
export async function recordSignIn(record: SignInRecord): Promise<void> {
  const user = record.userId ? { id: record.userId } : await prisma.user.findUnique({ where: { email: record.email.trim().toLowerCase() }, select: { id: true } });
  const teams = user ? await prisma.membership.findMany({ where: { userId: user.id }, select: { teamId: true } }) : [];
  const teamIds = teams.length ? teams.map((team) => team.teamId) : [null];
  const action = record.outcome === "success" ? "auth.sign_in" : "auth.sign_in_failed";
  await runWithAuditContext({ clientAddress: record.clientAddress, requestId: null }, async () => {
    for (const teamId of teamIds) {
      await recordAuditEventNow({
        teamId,
        actor: { kind: user ? "person" : "anonymous", id: user?.id ?? null, name: record.email },
        action,
        target: record.email,
        details: record.reason ? { reason: record.reason } : undefined,
      }).catch((error) => console.warn("[audit] sign-in event lost:", error));
    }
  });
}
