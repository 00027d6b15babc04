import { errors, jsonBody, jsonResponse, pathParam, ref } from "./shared";
import { TOKEN_SCOPES_SCHEMA } from "./team-paths";

export const ACCOUNT_SCHEMAS = {
  User: { type: "object", properties: { id: { type: "string", format: "uuid" }, email: { type: "string" }, name: { type: "string" }, teamId: { type: "string", format: "uuid" } } },
  AccessToken: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string" },
      prefix: { type: "string", description: "The first characters of the secret, to recognise it." },
      createdAt: { type: "string", format: "date-time" },
      lastUsedAt: { type: ["string", "null"], format: "date-time" },
      expiresAt: { type: ["string", "null"], format: "date-time" },
      scopes: { anyOf: [TOKEN_SCOPES_SCHEMA, { type: "null" }], description: "null: the person's role" },
      team: { type: "object", properties: { id: { type: "string", format: "uuid" }, name: { type: "string" } } },
    },
  },
};

export const ACCOUNT_PATHS = {
  "/users": {
    post: {
      summary: "Sign up: create a user and their team, or join a team with an invitation",
      description: "Public. Turned off when the server runs with SIGNUP=closed (403), except with an invitation. Give `team` (a new team, you its owner) or `invitation` (the link's secret).",
      security: [],
      requestBody: jsonBody({
        type: "object",
        required: ["email", "password", "name"],
        properties: { email: { type: "string", format: "email" }, password: { type: "string", minLength: 10 }, name: { type: "string" }, team: { type: "string" }, invitation: { type: "string" } },
      }),
      responses: { "201": jsonResponse("Created", { type: "object", properties: { user: ref("User") } }), ...errors(400, 403, 409) },
    },
  },
  "/tokens": {
    post: {
      summary: "Create a personal access token",
      description: "Authenticate with HTTP Basic (e-mail and password), or with a session or token. The secret is returned once and never again.",
      security: [{ basic: [] }, { bearer: [] }, { session: [] }],
      requestBody: jsonBody(
        {
          type: "object",
          properties: {
            name: { type: "string", default: "API token" },
            team: { type: "string", description: "Team id or name; default: the session's team, or for Basic auth the person's first team" },
            expiresAt: { type: ["string", "null"], format: "date-time" },
            scopes: { anyOf: [TOKEN_SCOPES_SCHEMA, { type: "null" }] },
          },
        },
        false,
      ),
      responses: {
        "201": jsonResponse("Created", { allOf: [ref("AccessToken"), { type: "object", properties: { token: { type: "string" } } }] }),
        ...errors(400, 401, 429),
      },
    },
    get: {
      summary: "List the caller's tokens (without secrets)",
      responses: { "200": jsonResponse("OK", { type: "object", properties: { tokens: { type: "array", items: ref("AccessToken") } } }), ...errors(401) },
    },
  },
  "/tokens/{id}": {
    delete: {
      summary: "Revoke a token",
      parameters: [pathParam("id", "Token id")],
      responses: { "204": { description: "Revoked" }, ...errors(401, 404) },
    },
  },
};
