/**
 * The one wrapper for every /api/v1 route: authentication (token or session), route
 * params, and error rendering happen here, so route files hold no try/catch.
 */
import type { Principal } from "@/lib/auth/principal";
import { unauthorized } from "@/lib/errors";
import { authenticateRequest } from "./authenticate";
import { errorResponse } from "./error-response";

type Params = Record<string, string | string[]>;

interface PublicContext<P extends Params> {
  request: Request;
  params: P;
}
interface AuthedContext<P extends Params> extends PublicContext<P> {
  principal: Principal;
}

type RouteContext = { params: Promise<Params> };

/** A route that requires a signed-in principal (401 otherwise). */
export function withApi<P extends Params = Record<string, string>>(
  handler: (context: AuthedContext<P>) => Promise<Response>,
): (request: Request, route: RouteContext) => Promise<Response>;
/** A route open to anonymous callers (`{ auth: "none" }`). */
export function withApi<P extends Params = Record<string, string>>(
  handler: (context: PublicContext<P>) => Promise<Response>,
  options: { auth: "none" },
): (request: Request, route: RouteContext) => Promise<Response>;
export function withApi<P extends Params>(
  handler: (context: AuthedContext<P>) => Promise<Response>,
  options: { auth?: "none" } = {},
) {
  return async (request: Request, route: RouteContext): Promise<Response> => {
    try {
      const params = ((await route?.params) ?? {}) as P;
      if (options.auth === "none") return await (handler as (c: PublicContext<P>) => Promise<Response>)({ request, params });
      const principal = await authenticateRequest(request);
      if (!principal) throw unauthorized("Sign in, or send a personal access token as `Authorization: Bearer <token>`.");
      return await handler({ request, params, principal });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** A JSON response with `status` (200 by default). */
export function json(data: unknown, status = 200, headers?: HeadersInit): Response {
  return Response.json(data, { status, headers });
}
