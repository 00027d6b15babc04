/** OpenAPI paths for the pull ledger: what a customer pulled with its license, and who pulled a digest. */
import { SLUG_PARAM } from "./app-paths";
import { errors, jsonResponse, pathParam, ref } from "./shared";

const CUSTOMER_ID_PARAM = { ...pathParam("id", "The customer's id"), schema: { type: "string", format: "uuid" } };
const queryParam = (name: string, description: string, schema: unknown, required = false) => ({ name, in: "query", required, description, schema });

export const PULL_SCHEMAS = {
  LicensePull: {
    type: "object",
    required: ["repository", "reference", "digest", "method", "at", "clientAddress", "userAgent"],
    properties: {
      repository: { type: "string", examples: ["myapp/worker"] },
      reference: { type: "string", description: "As the client asked: a tag or a digest" },
      digest: { type: "string", description: "The manifest served" },
      method: { type: "string", enum: ["GET", "HEAD"] },
      at: { type: "string", format: "date-time" },
      clientAddress: { type: "string", description: "The connecting address as the registry saw it" },
      userAgent: { type: "string" },
    },
  },
  ImagePullCount: {
    type: "object",
    required: ["repository", "count", "lastPulledAt"],
    properties: { repository: { type: "string" }, count: { type: "integer" }, lastPulledAt: { type: "string", format: "date-time" } },
  },
  DigestPuller: {
    type: "object",
    required: ["id", "name", "count", "lastPulledAt"],
    properties: { id: { type: "string", format: "uuid" }, name: { type: "string" }, count: { type: "integer" }, lastPulledAt: { type: "string", format: "date-time" } },
  },
};

export const PULL_PATHS = {
  "/apps/{slug}/customers/{id}/pulls": {
    get: {
      summary: "A customer's license pulls",
      description: "Every manifest GET or HEAD made with the customer's license, newest first, and per repository how many and when last. Rows are kept `LICENSE_PULL_RETENTION_DAYS` (default 90) and appear within about a second of the pull.",
      parameters: [SLUG_PARAM, CUSTOMER_ID_PARAM, queryParam("limit", "How many pulls to list", { type: "integer", minimum: 1, maximum: 500, default: 50 })],
      responses: {
        "200": jsonResponse("OK", {
          type: "object",
          properties: { pulls: { type: "array", items: ref("LicensePull") }, images: { type: "array", items: ref("ImagePullCount") } },
        }),
        ...errors(400, 401, 404),
      },
    },
  },
  "/apps/{slug}/pulls": {
    get: {
      summary: "Customers who pulled a manifest",
      description: "The application's customers whose license fetched the manifest with this digest, most recent first.",
      parameters: [SLUG_PARAM, queryParam("digest", "A manifest digest (`sha256:…`)", { type: "string" }, true)],
      responses: {
        "200": jsonResponse("OK", { type: "object", properties: { customers: { type: "array", items: ref("DigestPuller") } } }),
        ...errors(400, 401, 404),
      },
    },
  },
};
