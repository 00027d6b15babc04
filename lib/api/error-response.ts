/**
 * The JSON API's one error table: every failure leaves as `{error: {code, message}}`
 * with the status its code stands for. Unexpected errors become a 500 that carries a
 * request id; the stack goes to the log, never to the caller.
 */
import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from "@/lib/db/unavailable";
import { AppError, isAppError } from "@/lib/errors";
import { isRequestAborted } from "@/lib/http/request-aborted";
import { describeError, getLogger } from "@/lib/observability/logger";
import { currentRequestId } from "@/lib/observability/request-context";

/** Turns a zod failure into one readable line naming the field. */
export function appErrorFromZod(error: ZodError): AppError {
  const details = error.issues.map((issue) => ({ path: issue.path.join(".") || "body", issue: issue.message }));
  const first = details[0];
  return new AppError("invalid_input", `${first.path}: ${first.issue}`, { details });
}

/** The Response for any thrown value. */
export function errorResponse(error: unknown): Response {
  const appError = error instanceof ZodError ? appErrorFromZod(error) : isAppError(error) ? error : null;
  if (!appError && isRequestAborted(error)) {
    // The client went away mid-request; the status (nginx's "client closed request") is for the access log.
    getLogger("api").info({ requestId: currentRequestId() }, "client went away before the request was read");
    return new Response(null, { status: 499 });
  }
  if (!appError && isDatabaseUnavailable(error)) {
    const requestId = currentRequestId() ?? randomUUID();
    getLogger("api").warn({ requestId, err: describeError(error) }, "request failed: database unavailable");
    return Response.json({ error: { code: "unavailable", message: DATABASE_UNAVAILABLE_MESSAGE, requestId } }, { status: 503, headers: { "Retry-After": "5" } });
  }
  if (!appError) {
    const requestId = currentRequestId() ?? randomUUID();
    getLogger("api").error({ requestId, err: describeError(error) }, "request failed");
    return Response.json(
      { error: { code: "internal", message: `Something went wrong on our side. Quote request id ${requestId} when reporting it.`, requestId } },
      { status: 500 },
    );
  }
  const headers = new Headers();
  if (appError.retryAfter) headers.set("Retry-After", String(appError.retryAfter));
  if (appError.code === "unauthorized") headers.set("WWW-Authenticate", 'Bearer realm="slipway"');
  // The server's request id (X-Request-Id), so a user can quote it; absent outside a request.
  const requestId = currentRequestId();
  const body = { error: { code: appError.code, message: appError.message, ...(appError.details ? { details: appError.details } : {}), ...(requestId ? { requestId } : {}) } };
  return Response.json(body, { status: appError.status, headers });
}
