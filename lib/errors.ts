/**
 * Typed errors thrown by lib/. Each surface (JSON API, pages, registry) maps them
 * through one table; lib code never renders a response itself.
 */
export const APP_ERROR_STATUS = {
  invalid_input: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  upstream_failed: 502,
  internal: 500,
  unavailable: 503,
} as const;

export type AppErrorCode = keyof typeof APP_ERROR_STATUS;

export interface FieldIssue {
  path: string;
  issue: string;
}

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly details?: FieldIssue[];
  /** Seconds the caller should wait before retrying (rate_limited). */
  readonly retryAfter?: number;

  constructor(code: AppErrorCode, message: string, options: { details?: FieldIssue[]; retryAfter?: number } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return APP_ERROR_STATUS[this.code];
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found.`);
export const conflict = (message: string) => new AppError("conflict", message);
export const unauthorized = (message = "Authentication required.") => new AppError("unauthorized", message);
export const forbidden = (message: string) => new AppError("forbidden", message);

/** One invalid field, phrased as "field: what is wrong". */
export function invalidInput(path: string, issue: string): AppError {
  return new AppError("invalid_input", path ? `${path}: ${issue}` : issue, { details: [{ path, issue }] });
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
