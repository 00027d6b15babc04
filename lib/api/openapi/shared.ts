/** Building blocks for the OpenAPI 3.1 document: schemas and responses every route shares. */

export const ERROR_RESPONSE = {
  description: "Error",
  content: { "application/json": { schema: { $ref: "#/components/schemas/LegacyError" } } },
};

/** `{ "4xx": error }` entries for the statuses a route can answer with. */
export function errors(...statuses: number[]): Record<string, unknown> {
  return Object.fromEntries(statuses.map((status) => [String(status), ERROR_RESPONSE]));
}

export function jsonBody(schema: unknown, required = true) {
  return { required, content: { "application/json": { schema } } };
}

export function jsonResponse(description: string, schema: unknown) {
  return { description, content: { "application/json": { schema } } };
}

export const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

export const pathParam = (name: string, description: string) => ({ name, in: "path", required: true, description, schema: { type: "string" } });

export const SHARED_SCHEMAS = {
  Error: {
    type: "object",
    required: ["error"],
    properties: {
      error: {
        type: "object",
        required: ["code", "message"],
        properties: {
          code: { type: "string", enum: ["invalid_input", "unauthorized", "forbidden", "not_found", "conflict", "payload_too_large", "rate_limited", "upstream_failed", "internal"] },
          message: { type: "string" },
          details: { type: "array", items: { type: "object", properties: { path: { type: "string" }, issue: { type: "string" } } } },
        },
      },
    },
  },
};
