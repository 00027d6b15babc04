/**
 * The JSON API's error answers as zod schemas, one per code of the error table
 * (lib/errors.ts, rendered by lib/api/error-response.ts): `{error: {code, message,
 * details?, requestId?}}` with the status that code stands for.
 */
import { z } from "zod";
import { APP_ERROR_STATUS, type AppErrorCode } from "@/lib/errors";

const ERROR_CODES = Object.keys(APP_ERROR_STATUS) as [AppErrorCode, ...AppErrorCode[]];

/** What each code means to a caller; the document shows it as the response's description. */
const ERROR_DESCRIPTIONS: Record<AppErrorCode, string> = {
  invalid_input: "The body or query is not valid; `details` names each field and what is wrong with it.",
  unauthorized: "No credentials, or credentials that are not valid (`WWW-Authenticate: Bearer`).",
  forbidden: "The caller's role or token scopes do not allow this action.",
  not_found: "The target does not exist or belongs to another team.",
  conflict: "The change collides with the current state (a name in use, a stale version, the last owner).",
  payload_too_large: "The body is over the route's limit.",
  rate_limited: "Too many attempts; `Retry-After` says how many seconds to wait.",
  upstream_failed: "An external registry did not answer as expected.",
  internal: "Something failed on the server; quote `requestId` when reporting it.",
  unavailable: "The database is unavailable for a moment (restarting); try again after `Retry-After` seconds.",
};

export const fieldIssueSchema = z.object({ path: z.string(), issue: z.string() });

/** The error body with its code open to any code of the table. */
export const apiErrorSchema = z
  .object({
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      details: z.array(fieldIssueSchema).optional(),
      requestId: z.string().optional(),
    }),
  })
  .meta({ id: "Error" });

export type ApiErrorBody = z.infer<typeof apiErrorSchema>;

/** The OpenAPI response object for one error code (the document's `components.responses.<code>`). */
export function errorResponseFor(code: AppErrorCode) {
  const schema = z.object({
    error: z.object({
      code: z.literal(code),
      message: z.string(),
      ...(code === "invalid_input" ? { details: z.array(fieldIssueSchema) } : {}),
      ...(code === "internal" ? { requestId: z.string() } : {}),
    }),
  });
  return { description: ERROR_DESCRIPTIONS[code], content: { "application/json": { schema } } };
}

export { ERROR_CODES, ERROR_DESCRIPTIONS };
