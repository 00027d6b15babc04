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
  if (!response.ok) throw await readApiError(response);
  return (await response.json().catch(() => null)) as T;
}

/**
 * Fetches a file from /api/v1 (a license, an install YAML) and hands it to the browser
 * as a download named `fileName`. An error answer throws an ApiError, so the page can
 * show the server's message instead of saving it as the file.
 */
export async function apiDownload(path: string, fileName: string): Promise<void> {
  const response = await fetch(`/api/v1${path}`, { credentials: "same-origin" });
  if (!response.ok) throw await readApiError(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

async function readApiError(response: Response): Promise<ApiError> {
  const error = (await response.json().catch(() => null))?.error;
  return new ApiError(response.status, error?.code ?? "internal", error?.message ?? `Request failed (${response.status}).`, error?.details ?? []);
}
