/**
 * The OCI Distribution Specification's error codes (spec "Error Codes", code-1 to
 * code-14) and the HTTP status each one answers with. Handlers throw RegistryError;
 * only the dispatcher renders it, through this one table.
 */
export const REGISTRY_ERROR_TABLE = {
  BLOB_UNKNOWN: { status: 404, message: "blob unknown to registry" },
  BLOB_UPLOAD_INVALID: { status: 400, message: "blob upload invalid" },
  BLOB_UPLOAD_UNKNOWN: { status: 404, message: "blob upload unknown to registry" },
  DIGEST_INVALID: { status: 400, message: "provided digest did not match uploaded content" },
  MANIFEST_BLOB_UNKNOWN: { status: 400, message: "manifest references a manifest or blob unknown to registry" },
  MANIFEST_INVALID: { status: 400, message: "manifest invalid" },
  MANIFEST_UNKNOWN: { status: 404, message: "manifest unknown to registry" },
  NAME_INVALID: { status: 400, message: "invalid repository name" },
  NAME_UNKNOWN: { status: 404, message: "repository name not known to registry" },
  SIZE_INVALID: { status: 400, message: "provided length did not match content length" },
  UNAUTHORIZED: { status: 401, message: "authentication required" },
  DENIED: { status: 403, message: "requested access to the resource is denied" },
  UNSUPPORTED: { status: 405, message: "the operation is unsupported" },
  TOOMANYREQUESTS: { status: 429, message: "too many requests" },
  // Not in the spec's table; the spec tells clients to treat unknown codes as UNKNOWN.
  UNKNOWN: { status: 500, message: "unknown error" },
} as const satisfies Record<string, { status: number; message: string }>;

export type RegistryErrorCode = keyof typeof REGISTRY_ERROR_TABLE;

export interface RegistryErrorOptions {
  /** Overrides the table's status where the spec names another (416 for an out-of-order chunk, 413 for a huge manifest). */
  status?: number;
  /** Headers the spec requires on this answer (Range and Location on 416, WWW-Authenticate on 401). */
  headers?: Record<string, string>;
}

/** One OCI error. The dispatcher turns it into `{errors: [{code, message, detail}]}`. */
export class RegistryError extends Error {
  readonly code: RegistryErrorCode;
  readonly detail?: unknown;
  readonly status: number;
  readonly headers: Record<string, string>;

  constructor(code: RegistryErrorCode, message?: string, detail?: unknown, options: RegistryErrorOptions = {}) {
    super(message ?? REGISTRY_ERROR_TABLE[code].message);
    this.name = "RegistryError";
    this.code = code;
    this.detail = detail;
    this.status = options.status ?? REGISTRY_ERROR_TABLE[code].status;
    this.headers = options.headers ?? {};
  }
}

export interface RegistryErrorBody {
  errors: { code: RegistryErrorCode; message: string; detail?: unknown }[];
}

/**
 * The spec's JSON error body for one error. With `requestId` (the response's X-Request-Id)
 * the detail names it, so a user can quote it from what docker or skopeo printed: merged
 * into an object detail, or beside a list detail (the access entries of 401 and 403) as
 * `{access, requestId}`.
 */
export function renderRegistryErrorBody(error: RegistryError, requestId?: string): RegistryErrorBody {
  const entry: RegistryErrorBody["errors"][number] = { code: error.code, message: error.message };
  const detail = requestId === undefined ? error.detail : withRequestId(error.detail, requestId);
  if (detail !== undefined) entry.detail = detail;
  return { errors: [entry] };
}

function withRequestId(detail: unknown, requestId: string): unknown {
  if (detail === undefined || detail === null) return { requestId };
  if (Array.isArray(detail)) return { access: detail, requestId };
  if (typeof detail === "object") return { ...detail, requestId };
  return { value: detail, requestId };
}

export function isRegistryError(error: unknown): error is RegistryError {
  return error instanceof RegistryError;
}
