/** OpenAPI paths for a team's external registries: CRUD by name and the connection test. */
import { errors, jsonBody, jsonResponse, pathParam, ref } from "./shared";

const NAME = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$", maxLength: 63, description: "The `source` value in release YAML; unique within the team." };
const ENDPOINT_IN = {
  type: "string",
  description:
    "Host, optional port and optional namespace path, such as `quay.io/mycompany`. A scheme and trailing slash are stripped (`http://` is kept as the plain-HTTP flag); Docker Hub aliases are stored as `index.docker.io`.",
  examples: ["quay.io/mycompany", "docker.io", "registry.example.com:5000/team"],
};
const KIND = { type: "string", enum: ["dockerhub", "quay", "ghcr", "gcr", "ecr", "gitlab", "generic"] };
const REGISTRY_NAME_PARAM = pathParam("name", "The registry's name within the team");

export const REGISTRY_SCHEMAS = {
  ExternalRegistry: {
    type: "object",
    description: "An external registry as stored. The password or token is never returned; `hasSecret` and `secretUpdatedAt` say that one is set and when.",
    properties: {
      name: NAME,
      endpoint: { type: "string", description: "The stored, normalised endpoint." },
      kind: KIND,
      kindLabel: { type: "string", examples: ["Quay", "Docker Hub"] },
      credentialHint: { type: "string", description: "Which credentials this provider wants." },
      username: { type: "string" },
      hasSecret: { type: "boolean", const: true },
      secretUpdatedAt: { type: "string", format: "date-time" },
      createdAt: { type: "string", format: "date-time" },
      updatedAt: { type: "string", format: "date-time" },
      endpointNotes: { type: "array", items: { type: "string" }, description: "On create and update: what normalising the endpoint changed or assumed." },
    },
  },
  RegistryProxyStats: {
    type: "object",
    description: "What the pull-through proxy (`/v2/proxy/...`) did with this registry. Counters add up from the first pull and are written about once a second.",
    required: ["cachedImages", "hits", "misses", "upstreamErrors"],
    properties: {
      cachedImages: { type: "integer", description: "Images held in the proxy's cache (a multi-platform index counts once)." },
      hits: { type: "integer", description: "Manifest and blob requests answered from the cache." },
      misses: { type: "integer", description: "Manifest and blob requests that went to the upstream." },
      upstreamErrors: { type: "integer", description: "Upstream failures: unreachable, timeouts, 429, 5xx, refused credentials, content that did not match its digest." },
      staleServed: { type: "integer", description: "Tag pulls answered with the last known digest because the upstream failed." },
      lastError: { type: "string", description: "The last upstream failure in plain words (never containing the stored credentials or upstream tokens)." },
      lastErrorAt: { type: "string", format: "date-time" },
      rateLimitRemaining: { type: "integer", description: "Docker Hub's `ratelimit-remaining` from its last answer, when it sends one." },
    },
  },
  ConnectionTestResult: {
    type: "object",
    properties: {
      ok: { type: "boolean" },
      ms: { type: "integer", description: "Total time, all steps." },
      steps: {
        type: "array",
        description: "In order, stopping at the first failure. A refused address fails `resolve` with a message naming EXTERNAL_REGISTRY_ALLOW.",
        items: {
          type: "object",
          properties: {
            step: { type: "string", enum: ["resolve", "connect", "authenticate", "manifest"] },
            ok: { type: "boolean" },
            message: { type: "string", description: "Plain words, with the upstream's own error text when it failed." },
            ms: { type: "integer" },
          },
        },
      },
    },
  },
};

const registryResponse = (description: string) => jsonResponse(description, { type: "object", properties: { registry: ref("ExternalRegistry") } });

export const REGISTRY_PATHS = {
  "/registries": {
    get: {
      summary: "List the team's external registries",
      responses: { "200": jsonResponse("OK", { type: "object", properties: { registries: { type: "array", items: ref("ExternalRegistry") } } }), ...errors(401) },
    },
    post: {
      summary: "Add an external registry",
      description: "The password or token is encrypted at rest (AES-256-GCM) and never returned.",
      requestBody: jsonBody({
        type: "object",
        required: ["name", "endpoint", "username", "password"],
        properties: { name: NAME, endpoint: ENDPOINT_IN, username: { type: "string" }, password: { type: "string", writeOnly: true } },
      }),
      responses: { "201": registryResponse("Created"), ...errors(400, 401, 409) },
    },
  },
  "/registries/{name}": {
    get: {
      summary: "Get one external registry",
      parameters: [REGISTRY_NAME_PARAM],
      responses: { "200": registryResponse("OK"), ...errors(401, 404) },
    },
    patch: {
      summary: "Change an external registry",
      description:
        "Fields left out stay as they are; a blank or missing password keeps the stored one. Renaming is refused (409) while a saved release uses the registry as a source. Moving the endpoint to another server requires the password again.",
      parameters: [REGISTRY_NAME_PARAM],
      requestBody: jsonBody({
        type: "object",
        properties: { name: NAME, endpoint: ENDPOINT_IN, username: { type: "string" }, password: { type: "string", writeOnly: true } },
      }),
      responses: { "200": registryResponse("OK"), ...errors(400, 401, 404, 409) },
    },
    delete: {
      summary: "Delete an external registry",
      description: "Refused with 409, naming the releases, while a saved release uses it as a source.",
      parameters: [REGISTRY_NAME_PARAM],
      responses: { "204": { description: "Deleted" }, ...errors(401, 404, 409) },
    },
  },
  "/registries/{name}/proxy": {
    get: {
      summary: "Pull-through proxy figures for this registry",
      description: "Cached images, hits, misses and upstream errors of the proxy that serves this registry's images to customers through `/v2/proxy/<app>/<host>/<path>`.",
      parameters: [REGISTRY_NAME_PARAM],
      responses: { "200": jsonResponse("OK", ref("RegistryProxyStats")), ...errors(401, 404) },
    },
  },
  "/registries/{name}/test": {
    post: {
      summary: "Test the connection with the stored credentials",
      description:
        "Resolves the host (subject to the operator's EXTERNAL_REGISTRY_ALLOW), connects to `/v2/`, authenticates, and with `image` looks up `image:tag` (tag defaults to latest; the image is relative to the endpoint's namespace). Upstream failures are failed steps in a 200 answer.",
      parameters: [REGISTRY_NAME_PARAM],
      requestBody: jsonBody({ type: "object", properties: { image: { type: "string", examples: ["app"] }, tag: { type: "string", examples: ["1.0"] } } }, false),
      responses: { "200": jsonResponse("The test ran", ref("ConnectionTestResult")), ...errors(400, 401, 404) },
    },
  },
};
