/**
 * Where a request came from, for the audit log: the client address and request id,
 * set once by the surface that received the request (withApi, the registry handler)
 * and read by recordAuditEvent wherever in lib/ the change is made, so domain
 * functions need not pass them along.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export interface AuditRequestContext {
  clientAddress: string | null;
  requestId: string | null;
}

const storage = new AsyncLocalStorage<AuditRequestContext>();

/** Runs `work` with this request context visible to every audit write inside it. */
export function runWithAuditContext<T>(context: AuditRequestContext, work: () => T): T {
  return storage.run(context, work);
}

/** The current request's context, or nulls outside a request (scripts, jobs). */
export function currentAuditContext(): AuditRequestContext {
  return storage.getStore() ?? { clientAddress: null, requestId: null };
}
