/**
 * What the access log needs to know about a request that only deeper code learns: who
 * the caller is and which repository and digest it touched. The HTTP server opens one
 * context per request (AsyncLocalStorage); the registry dispatcher and the API wrapper
 * note the principal and target in it; the access log line reads it at the end.
 * The store lives on globalThis because the Next.js bundle is a second module graph in
 * the same process: both graphs must see the same contexts.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { randomUUID } from "node:crypto";

export interface RequestContext {
  requestId: string;
  principal?: { kind: string; id: string };
  repository?: string;
  digest?: string;
}

const holder = globalThis as unknown as { slipwayRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (holder.slipwayRequestContext ??= new AsyncLocalStorage<RequestContext>());

/** Incoming ids we keep: short, printable, no spaces (anything else is replaced). */
const REQUEST_ID_PATTERN = /^[A-Za-z0-9._:-]{6,128}$/;

/** The caller's `X-Request-Id` when well-formed, else a new one. */
export function acceptRequestId(incoming: string | string[] | undefined): string {
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && REQUEST_ID_PATTERN.test(value) ? value : randomUUID();
}

/** Runs `fn` with `context` as the current request's. */
export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The current request's context, if any. */
export function getRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

/** The current request's id, if inside one. */
export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Records who the request acts for (person, service account, license): kind and id, never a credential. */
export function notePrincipal(kind: string, id: string): void {
  const context = storage.getStore();
  if (context) context.principal = { kind, id };
}

/** Records the registry repository (and digest or tag) the request is about. */
export function noteRegistryTarget(repository: string | undefined, digest?: string): void {
  const context = storage.getStore();
  if (!context) return;
  if (repository) context.repository = repository;
  if (digest) context.digest = digest;
}
