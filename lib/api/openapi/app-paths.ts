import { errors, jsonBody, jsonResponse, pathParam, ref } from "./shared";

export const APP_SCHEMAS = {
  App: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string" },
      slug: { type: "string", pattern: "^[a-z0-9]+(-[a-z0-9]+)*$", minLength: 2, maxLength: 40 },
      createdAt: { type: "string", format: "date-time" },
    },
  },
};

export const SLUG_PARAM = pathParam("slug", "The application's slug");

export const APP_PATHS = {
  "/apps": {
    get: {
      summary: "List the team's applications",
      responses: { "200": jsonResponse("OK", { type: "object", properties: { apps: { type: "array", items: ref("App") } } }), ...errors(401) },
    },
    post: {
      summary: "Create an application",
      description: "The slug is derived from the name unless given. It is unique across the installation, never changes, and may not be v2, proxy, token, api, static or _next.",
      requestBody: jsonBody({ type: "object", required: ["name"], properties: { name: { type: "string" }, slug: { type: "string" } } }),
      responses: { "201": jsonResponse("Created", { type: "object", properties: { app: ref("App") } }), ...errors(400, 401, 409) },
    },
  },
  "/apps/{slug}": {
    get: {
      summary: "Get one application",
      parameters: [SLUG_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { app: ref("App") } }), ...errors(401, 404) },
    },
  },
};
