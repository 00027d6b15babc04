/**
 * One /api/v1 route's contract: its method and path, the zod schemas of its JSON body,
 * query and response, and the error codes it can answer with beyond the defaults. The
 * route handler hands its contract to `withApi`, which validates body and query before
 * the handler runs; the OpenAPI document is generated from the same contracts
 * (./document.ts), and the browser's API types are `z.infer` of the response schemas.
 */
import type { z } from "zod";
import type { ZodOpenApiRequestBodyObject } from "zod-openapi";
import type { AppErrorCode } from "@/lib/errors";

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/**
 * Who may call: `session` (the default) is a person's session or personal access token, or a
 * service account's token; `basic` adds HTTP Basic e-mail and password; `license` is a
 * customer's license ID as the bearer token; `none` is anyone.
 */
export type RouteAuth = "session" | "basic" | "license" | "none";

export interface ApiRouteContract {
  method: HttpMethod;
  /** The OpenAPI path under /api/v1, with `{param}` segments: `/apps/{slug}/releases`. */
  path: string;
  summary: string;
  description?: string;
  auth?: RouteAuth;
  /** The JSON body, validated by withApi before the handler runs. */
  body?: z.ZodType;
  /** The most bytes the JSON body may have (default MAX_JSON_BODY_BYTES, 1 MiB); more is `payload_too_large`. */
  bodyLimit?: number;
  /** A body that is not one JSON object (YAML, a license file): documented here, read by the handler. */
  rawBody?: ZodOpenApiRequestBodyObject;
  /** The query string (flat strings in, coerced by the schema), validated by withApi. */
  query?: z.ZodObject;
  /** Request headers the route reads (documented only), such as `Range`. */
  requestHeaders?: z.ZodObject;
  /** The success answer: 200 with a JSON schema unless said otherwise; 204 has no body. */
  response: { status?: 200 | 201 | 202 | 204; description?: string; schema?: z.ZodType; contentType?: string; headers?: z.ZodObject };
  /** Other answers that are not errors of the error table (206 Partial Content, 416 for a range). */
  otherResponses?: Record<`${1 | 2 | 3 | 4 | 5}${string}`, { description: string }>;
  /** Error codes this route can answer with besides the defaults (see defaultErrorCodes). */
  errors?: AppErrorCode[];
}

/** Declares a route's contract; `const` keeps the literal path and schema types for withApi's typing. */
export function defineRoute<const C extends ApiRouteContract>(contract: C): C {
  return contract;
}

/** The codes every route can answer with: bad input where it takes any, sign-in and role where it needs them, and 500. */
export function defaultErrorCodes(contract: ApiRouteContract): AppErrorCode[] {
  const codes: AppErrorCode[] = [];
  if (contract.body || contract.rawBody || contract.query) codes.push("invalid_input");
  if (contract.body || contract.rawBody) codes.push("payload_too_large");
  if (contract.auth !== "none") codes.push("unauthorized");
  if (contract.auth === undefined || contract.auth === "session" || contract.auth === "basic") codes.push("forbidden");
  codes.push("internal");
  return codes;
}

/** `{slug: string, sequence: string}` from `/apps/{slug}/releases/{sequence}`. */
export type PathParams<P extends string> = P extends `${string}{${infer Name}}${infer Rest}` ? { [K in Name]: string } & PathParams<Rest> : unknown;

/** What withApi hands the handler from the body and query schemas (undefined where the contract has none). */
export type BodyOf<C extends ApiRouteContract> = C["body"] extends z.ZodType ? z.output<C["body"]> : undefined;
export type QueryOf<C extends ApiRouteContract> = C["query"] extends z.ZodType ? z.output<C["query"]> : undefined;
/** The JSON a route answers with, for the browser's API calls. */
export type ResponseOf<C extends ApiRouteContract> = C["response"]["schema"] extends z.ZodType ? z.output<C["response"]["schema"]> : undefined;
/** The JSON body a caller sends (before the schema's defaults and transforms), for the browser's API calls. */
export type BodyInputOf<C extends ApiRouteContract> = C["body"] extends z.ZodType ? z.input<C["body"]> : undefined;

/** `T` after a JSON round trip: Dates become ISO strings. */
export type Jsonified<T> = T extends Date ? string : T extends readonly (infer U)[] ? Jsonified<U>[] : T extends object ? { [K in keyof T]: Jsonified<T[K]> } : T;

/**
 * A response schema checked at compile time against the lib type the handler returns: every
 * value of `T` (as JSON) must fit the schema, so the document never names a field or a type
 * the answer does not have. `describing<ReleasePage>()(z.object({...}))`.
 */
export function describing<T>() {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the rest parameter exists only for its type: a mismatch asks for an argument
  return <S extends z.ZodType>(schema: S, ..._fits: [Jsonified<T>] extends [z.output<S>] ? [] : [error: "the schema does not describe this type"]): S => schema;
}
