/** Who an audit event names as its actor: a person, a service account, a license, or nobody known. */
import type { Principal } from "@/lib/auth/principal";

export type AuditActorKind = "person" | "service-account" | "license" | "anonymous";

export interface AuditActor {
  kind: AuditActorKind;
  id: string | null;
  name: string;
}

/** The actor for a principal: the service account itself, not the person who created it. */
export function actorOf(principal: AuditPrincipal): AuditActor {
  if (!principal.userId) return { kind: "anonymous", id: null, name: "unknown" };
  if (principal.kind === "service-account") return { kind: "service-account", id: principal.serviceAccountId ?? null, name: principal.email ?? "" };
  return { kind: "person", id: principal.userId, name: principal.email ?? principal.userId };
}

/** What a domain function knows of its caller: lib functions take narrow Picks of the principal, which at run time is whole. */
export type AuditPrincipal = Partial<Pick<Principal, "userId" | "kind" | "email" | "serviceAccountId">>;
