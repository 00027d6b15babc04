/**
 * Sign-ins in the audit log: each success and failure, in every team of the person (a
 * failure for an unknown e-mail has no team). Failures are recorded at most once a
 * minute per client address and username (claimAuditSlot), on every surface: the sign-in
 * form, the registry's token endpoint and the API's Basic and bearer authentication.
 * An event names who was tried, never the secret: a username shaped like a token or a
 * license ID (customers type the ID as both) is recorded as what it looks like.
 */
import { recordAuditEventNow } from "@/lib/audit/record-audit-event";
import { runWithAuditContext } from "@/lib/audit/audit-context";
import { looksLikeLicenseId } from "@/lib/customers/license-id";
import { describeError, getLogger } from "@/lib/observability/logger";
import { prisma } from "@/lib/db/client";
import { findTokenHolder } from "./access-tokens";
import { claimAuditSlot } from "./sign-in-throttle";
import { looksLikeToken } from "./token-secret";

export interface SignInRecord {
  email: string;
  userId?: string;
  clientAddress: string;
  outcome: "success" | "failure";
  reason?: string;
  /** Where the attempt came in: the form (default), `registry` or `api`. */
  via?: "form" | "registry" | "api";
}

/** Records one sign-in attempt (failures rate-limited per address and username); never throws (the spool keeps what the table refuses). */
export async function recordSignIn(record: SignInRecord): Promise<void> {
  try {
    if (record.outcome === "failure" && !(await claimAuditSlot(`${record.via ?? "form"}|${record.clientAddress}|${record.email}`))) return;
    await writeSignIn(record);
  } catch (error) {
    getLogger("audit").warn({ err: describeError(error) }, "sign-in event lost");
  }
}

/** A failed attempt with a username that is not an e-mail: a service account's (its team's log), else nobody known. */
export async function recordFailedSignIn(attempt: { username: string; clientAddress: string; reason: string; via: "registry" | "api" }): Promise<void> {
  const name = describeUsername(attempt.username);
  if (name.includes("@")) return recordSignIn({ email: name, clientAddress: attempt.clientAddress, outcome: "failure", reason: attempt.reason, via: attempt.via });
  try {
    if (!(await claimAuditSlot(`${attempt.via}|${attempt.clientAddress}|${name}`))) return;
    const account = await prisma.serviceAccount.findFirst({ where: { username: name }, select: { id: true, teamId: true } });
    await runWithAuditContext({ clientAddress: attempt.clientAddress, requestId: null }, () =>
      recordAuditEventNow({
        teamId: account?.teamId ?? null,
        actor: { kind: account ? "service-account" : "anonymous", id: account?.id ?? null, name },
        action: "auth.sign_in_failed",
        target: name,
        details: { reason: attempt.reason, via: attempt.via },
      }),
    );
  } catch (error) {
    getLogger("audit").warn({ err: describeError(error) }, "sign-in event lost");
  }
}

/** A refused bearer token: in its team's log when the secret is a (revoked, expired) token we know, else nobody's. */
export async function recordRejectedToken(attempt: { token: string; clientAddress: string; via: "registry" | "api" }): Promise<void> {
  try {
    if (!(await claimAuditSlot(`${attempt.via}|${attempt.clientAddress}|bearer`))) return;
    const holder = await findTokenHolder(attempt.token);
    await runWithAuditContext({ clientAddress: attempt.clientAddress, requestId: null }, () =>
      recordAuditEventNow({
        teamId: holder?.teamId ?? null,
        actor: holder?.actor ?? { kind: "anonymous", id: null, name: "unknown" },
        action: "auth.sign_in_failed",
        target: holder ? `token ${holder.tokenName}` : "an unknown token",
        details: { reason: holder?.reason ?? "unknown token", via: attempt.via },
      }),
    );
  } catch (error) {
    getLogger("audit").warn({ err: describeError(error) }, "sign-in event lost");
  }
}

/** The username as recorded: a secret typed into the username field is named, not stored. */
function describeUsername(username: string): string {
  if (looksLikeToken(username)) return "(an access token)";
  if (looksLikeLicenseId(username)) return "(a license ID)";
  return username.trim().toLowerCase().slice(0, 200);
}

async function writeSignIn(record: SignInRecord): Promise<void> {
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
        details: record.reason ? { reason: record.reason, ...(record.via ? { via: record.via } : {}) } : undefined,
      }).catch((error) => getLogger("audit").warn({ err: describeError(error) }, "sign-in event lost"));
    }
  });
}
