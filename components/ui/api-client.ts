/** fetch for the browser against /api/v1: JSON in and out, errors as ApiError. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; issue: string }[] = [],
  ) {
    super(message);
  }

  /** The issue reported for one field, for showing next to it. */
  fieldError(path: string): string | undefined {
    return this.details.find((d) => d.path === path)?.issue;
  }
}

export async function apiFetch<T>(path: string, init: RequestInit & { json?: unknown } = {}): Promise<T> {
  const { json, headers, ...rest } = init;
  const response = await fetch(`/api/v1${path}`, {
    ...rest,
    headers: { ...(json !== undefined ? { "content-type": "application/json" } : {}), ...headers },
    body: json !== undefined ? JSON.stringify(json) : rest.body,
    credentials: "same-origin",
  });
  if (response.status === 204) return undefined as T;
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(response.status, error?.code ?? "internal", error?.message ?? `Request failed (${response.status}).`, error?.details ?? []);
  }
  return body as T;
}
