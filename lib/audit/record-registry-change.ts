/**
 * Registry pushes and deletes (`/v2/`) in the audit log: the registry hands each change
 * here (RegistryHandlerOptions.recordChange) before answering the client, and this
 * resolves the app's team and the actor from the registry token's subject (a person's
 * id, or `token:<id>` for a personal or service-account token). The registry's metadata
 * functions own their transactions, so the event is its own write, spooled if it fails.
 */
import { describeError, getLogger } from "@/lib/observability/logger";
import { prisma } from "@/lib/db/client";
import { isUuid } from "@/lib/teams/memberships";
import type { RegistryChangeEvent } from "@/lib/registry/http/context";
import type { AuditActor } from "./audit-actor";
import { runWithAuditContext } from "./audit-context";
import { recordAuditEventNow } from "./record-audit-event";

async function resolveActor(subject: string, principal: string): Promise<AuditActor> {
  const tokenId = subject.startsWith("token:") ? subject.slice("token:".length) : null;
  if (tokenId && isUuid(tokenId)) {
    const token = await prisma.accessToken.findUnique({ where: { id: tokenId }, select: { userId: true, serviceAccount: { select: { id: true, username: true } }, user: { select: { email: true } } } });
    if (token?.serviceAccount) return { kind: "service-account", id: token.serviceAccount.id, name: token.serviceAccount.username };
    if (token?.userId) return { kind: "person", id: token.userId, name: token.user?.email ?? principal };
  }
  return { kind: "person", id: isUuid(subject) ? subject : null, name: principal };
}

/** Records one registry change; never throws (a failure is logged and the change stays done). */
export async function recordRegistryChange(event: RegistryChangeEvent): Promise<void> {
  try {
    const slug = event.repository.split("/")[0]!;
    const app = await prisma.app.findUnique({ where: { slug }, select: { teamId: true } });
    const actor = await resolveActor(event.subject, event.principal);
    const target = event.action === "image.pushed" ? `${event.repository}:${event.reference}` : `${event.repository}${event.reference.includes(":") ? "@" : ":"}${event.reference}`;
    await runWithAuditContext({ clientAddress: event.clientAddress, requestId: event.requestId }, () =>
      recordAuditEventNow({ teamId: app?.teamId ?? null, actor, action: event.action, appSlug: slug, target, details: event.digest ? { digest: event.digest, tag: event.reference } : undefined }),
    );
  } catch (error) {
    getLogger("audit").warn({ err: describeError(error) }, "registry change not recorded");
  }
}
