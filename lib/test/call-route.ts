/**
 * Calls a Next.js route handler (an exported GET/POST/... of an app/ route file)
 * with a real Request, the way the framework does, and returns status and JSON.
 */
type RouteHandler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

export interface CallOptions {
  method?: string;
  path?: string;
  params?: Record<string, string>;
  json?: unknown;
  body?: string;
  token?: string;
  basic?: { username: string; password: string };
  headers?: Record<string, string>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON bodies
export async function callRoute(handler: RouteHandler, options: CallOptions = {}): Promise<{ status: number; body: any; headers: Headers }> {
  const headers = new Headers(options.headers);
  if (options.json !== undefined) headers.set("content-type", "application/json");
  if (options.token) headers.set("authorization", `Bearer ${options.token}`);
  if (options.basic) headers.set("authorization", `Basic ${Buffer.from(`${options.basic.username}:${options.basic.password}`).toString("base64")}`);
  const request = new Request(`http://localhost${options.path ?? "/api/v1/test"}`, {
    method: options.method ?? "GET",
    headers,
    body: options.json !== undefined ? JSON.stringify(options.json) : options.body,
  });
  const response = await handler(request, { params: Promise.resolve(options.params ?? {}) });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}
