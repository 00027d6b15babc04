/**
 * The CLI's only way to the portal: the documented /api/v1 over HTTP with a bearer
 * token. Every failure becomes a CliError whose message says what to do: the portal
 * cannot be reached, the URL is not a Slipway, the token is refused, or the API's own
 * `{error: {code, message}}`.
 */
import { CliError } from "./cli-error";

export interface ApiClient {
  readonly url: string;
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body: unknown, options?: { contentType?: string }): Promise<T>;
}

/** An API error the caller may want to handle (e.g. a release refused for its errors). */
export class ApiError extends CliError {
  readonly status: number;
  readonly code: string;
  readonly details: { path: string; issue: string }[];

  constructor(status: number, code: string, message: string, details: { path: string; issue: string }[] = []) {
    super(message, 2);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** A client for `url` (the portal's base URL) with `token`; `fetchImpl` is for tests. */
export function createApiClient(url: string, token: string | null, fetchImpl: typeof fetch = fetch): ApiClient {
  const base = url.replace(/\/+$/, "");
  const call = async <T>(method: string, path: string, body?: unknown, contentType = "application/json"): Promise<T> => {
    if (!token) throw new CliError("Not logged in: run `slipway login --url URL` (the token is read from stdin), or set SLIPWAY_URL and SLIPWAY_TOKEN.");
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: "application/json" };
    let payload: string | undefined;
    if (body !== undefined) {
      headers["content-type"] = contentType;
      payload = typeof body === "string" ? body : JSON.stringify(body);
    }
    let response: Response;
    try {
      response = await fetchImpl(`${base}/api/v1${path}`, { method, headers, body: payload });
    } catch (error) {
      throw new CliError(`Cannot reach Slipway at ${base} (${describeNetworkError(error)}). Check the URL (--url, SLIPWAY_URL or slipway login) and that the portal is running.`);
    }
    return readResponse<T>(base, response);
  };
  return {
    url: base,
    get: (path) => call("GET", path),
    post: (path, body, options = {}) => call("POST", path, body, options.contentType),
  };
}

async function readResponse<T>(base: string, response: Response): Promise<T> {
  const text = await response.text();
  let json: unknown;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    throw new CliError(`${base} did not answer like the Slipway API (HTTP ${response.status}, ${response.headers.get("content-type") ?? "no content type"}). Check the URL: it is the portal's address, without /api/v1.`);
  }
  if (response.ok) return json as T;
  const error = (json as { error?: { code?: string; message?: string; details?: { path: string; issue: string }[] } } | null)?.error;
  if (!error?.message) throw new CliError(`${base} answered HTTP ${response.status} without a Slipway error; check the URL.`);
  if (response.status === 401) {
    throw new ApiError(401, error.code ?? "unauthorized", `The portal refused the token: ${error.message} Create a new token and run \`slipway login\` again (or set SLIPWAY_TOKEN).`);
  }
  throw new ApiError(response.status, error.code ?? "error", error.message, error.details ?? []);
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}
