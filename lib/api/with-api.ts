/**
 * The one wrapper for every /api/v1 route: authentication (token or session), the role
 * and scope check (the route's row in lib/auth/route-permissions.ts, decided by
 * lib/auth/access.ts), route params, the audit log's request context, and error
 * rendering happen here, so route files hold no try/catch and no permission checks.
 * A route hands its contract (lib/api/openapi/routes) as the first argument: its JSON
 * body and query are validated here before the handler runs, and the same contract
 * describes the route in the OpenAPI document.
 */
import { randomUUID } from "node:crypto";
import { runWithAuditContext } from "@/lib/audit/audit-context";
import { assertPermission } from "@/lib/auth/access";
import type { Principal } from "@/lib/auth/principal";
import type { Permission } from "@/lib/auth/roles";
import { ruleForRequest, type RouteRule } from "@/lib/auth/route-permissions";
import { unauthorized } from "@/lib/errors";
import { notePrincipal } from "@/lib/observability/request-context";
import { authenticateRequest } from "./authenticate";
import { assertNotForged } from "./csrf";
import { readClientAddress } from "./client-address";
import { errorResponse } from "./error-response";
import type { ApiRouteContract, BodyOf, PathParams, QueryOf } from "./openapi/contract";
import { parseJsonBody, parseQuery } from "./parse";

type Params = Record<string, string | string[]>;

interface PublicContext<P extends Params> {
  request: Request;
  params: P;
}
interface AuthedContext<P extends Params> extends PublicContext<P> {
  principal: Principal;
}

type RouteContext = { params: Promise<Params> };
type RouteHandler = (request: Request, route: RouteContext) => Promise<Response>;

/** The handler's context under a contract: a principal unless the route checks credentials itself, and the validated body and query. */
type ContractContext<C extends ApiRouteContract> = (C["auth"] extends "none" | "basic" | "license"
  ? PublicContext<PathParams<C["path"]> & Params>
  : AuthedContext<PathParams<C["path"]> & Params>) & { body: BodyOf<C>; query: QueryOf<C> };

/**
 * A route with a contract: authentication as its `auth` says (`session`, the default, is done
 * here; `basic`, `license` and `none` leave credentials to the handler), then the query and
 * JSON body are validated against the contract's schemas before the handler runs.
 */
export function withApi<const C extends ApiRouteContract>(contract: C, handler: (context: ContractContext<C>) => Promise<Response>): RouteHandler & { contracts: ApiRouteContract[] };
/**
 * A catch-all route file that serves several documented paths (`images/[...path]`): the
 * contracts document them and set the authentication; the handler dispatches on the path
 * and validates the query of the path it serves.
 */
export function withApi(contracts: readonly ApiRouteContract[], handler: (context: AuthedContext<Params>) => Promise<Response>): RouteHandler & { contracts: ApiRouteContract[] };

export function withApi(
  first: ApiRouteContract | readonly ApiRouteContract[],
  handler: (context: ContractContext<ApiRouteContract>) => Promise<Response>,
): RouteHandler & { contracts: ApiRouteContract[] } {
  if (Array.isArray(first)) return Object.assign(wrapRoute(handler as (context: AuthedContext<Params>) => Promise<Response>), { contracts: [...first] });
  return withContract(first as ApiRouteContract, handler);
}

/**
 * Authentication (unless `isPublic`: the handler checks credentials itself), the route's
 * permission, the audit context and error rendering around a handler.
 */
function wrapRoute<P extends Params>(handler: (context: AuthedContext<P>) => Promise<Response>, options: { isPublic?: boolean } = {}): RouteHandler {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    const audit = { clientAddress: readClientAddress(request), requestId: request.headers.get("x-request-id") ?? randomUUID() };
    return runWithAuditContext(audit, async () => {
      try {
        const params = ((await route?.params) ?? {}) as P;
        if (options.isPublic) return await (handler as (c: PublicContext<P>) => Promise<Response>)({ request, params });
        const principal = await authenticateRequest(request);
        if (!principal) throw unauthorized("Sign in, or send a personal access token as `Authorization: Bearer <token>`.");
        notePrincipal(principal.kind, principal.serviceAccountId ?? principal.userId);
        if (principal.via === "session") assertNotForged(request, { requireJson: true });
        const permission = await resolvePermission(ruleForRequest(request.method, new URL(request.url).pathname), request);
        if (permission) await assertPermission(principal, permission, typeof params.slug === "string" ? params.slug : undefined);
        return await handler({ request, params, principal });
      } catch (error) {
        return errorResponse(error);
      }
    });
  };
}

function withContract(contract: ApiRouteContract, handler: (context: ContractContext<ApiRouteContract>) => Promise<Response>) {
  const isPublic = contract.auth === "none" || contract.auth === "basic" || contract.auth === "license";
  const validated = async (context: AuthedContext<Params> | PublicContext<Params>) => {
    const query = contract.query ? parseQuery(context.request, contract.query) : undefined;
    const body = contract.body ? await parseJsonBody(context.request, contract.body, contract.bodyLimit) : undefined;
    return handler({ ...context, body, query } as ContractContext<ApiRouteContract>);
  };
  return Object.assign(wrapRoute(validated, { isPublic }), { contracts: [contract] });
}

/** The permission a request needs under its rule; a dry-run rule reads `dryRun` from a copy of the JSON body. */
async function resolvePermission(rule: RouteRule, request: Request): Promise<Permission | null> {
  if (rule === "public") return null;
  if (typeof rule === "string") return rule;
  const body = (await request.clone().json().catch(() => null)) as { dryRun?: unknown } | null;
  return body?.dryRun === true ? rule.dryRun : rule.run;
}

/** A JSON response with `status` (200 by default). */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}
