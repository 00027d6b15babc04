/** OpenAPI paths for an application's storage and online garbage collection (lib/registry/gc). */
import { SLUG_PARAM } from "./app-paths";
import { errors, jsonBody, jsonResponse, ref } from "./shared";

export const STORAGE_SCHEMAS = {
  GcResult: {
    type: "object",
    required: ["blobsDeleted", "bytesDeleted", "manifestsDeleted", "dryRun", "bytesBefore", "bytesAfter"],
    properties: {
      blobsDeleted: { type: "integer", description: "Blobs removed from the store (or, in a dry run, that would be)" },
      bytesDeleted: { type: "integer", description: "Their bytes" },
      manifestsDeleted: { type: "integer", description: "Untagged manifests pruned by the app's policy" },
      linksDeleted: { type: "integer", description: "Repository links removed (a blob another application still uses stays stored)" },
      dryRun: { type: "boolean" },
      bytesBefore: { type: "integer", description: "The app's stored bytes before the run" },
      bytesAfter: { type: "integer", description: "After the run (equal to bytesBefore in a dry run)" },
    },
  },
  GcRun: {
    type: "object",
    required: ["id", "dryRun", "trigger", "blobsDeleted", "bytesDeleted", "manifestsDeleted", "bytesBefore", "bytesAfter", "startedAt", "finishedAt"],
    properties: {
      id: { type: "string", format: "uuid" },
      dryRun: { type: "boolean" },
      trigger: { type: "string", enum: ["api", "schedule"] },
      blobsDeleted: { type: "integer" },
      bytesDeleted: { type: "integer" },
      manifestsDeleted: { type: "integer" },
      bytesBefore: { type: "integer" },
      bytesAfter: { type: "integer" },
      startedAt: { type: "string", format: "date-time" },
      finishedAt: { type: "string", format: "date-time" },
    },
  },
};

const POLICY = { type: "object", required: ["pruneUntagged"], properties: { pruneUntagged: { type: "boolean" } }, additionalProperties: false };

export const STORAGE_PATHS = {
  "/apps/{slug}/gc": {
    get: {
      summary: "The application's stored bytes and garbage collection",
      description: "Bytes of the distinct blobs the application's repositories (and its proxy cache) hold, the blob store in use, REGISTRY_GC_GRACE, the policy and the ten most recent runs.",
      parameters: [SLUG_PARAM],
      responses: {
        "200": jsonResponse("OK", {
          type: "object",
          required: ["storedBytes", "storage", "graceSeconds", "policy", "runs"],
          properties: {
            storedBytes: { type: "integer" },
            storage: { type: "string", enum: ["filesystem", "s3"] },
            graceSeconds: { type: "integer" },
            policy: POLICY,
            runs: { type: "array", items: ref("GcRun") },
          },
        }),
        ...errors(401, 403, 404),
      },
    },
    post: {
      summary: "Collect the application's garbage now",
      description:
        "Deletes blobs no manifest of the repository references once unreferenced for REGISTRY_GC_GRACE (default 24h), and with the policy on, untagged manifests; safe while pushes go on. With `dryRun` nothing is deleted and the answer says what would be. A dry run needs the developer role; a real run an admin's.",
      parameters: [SLUG_PARAM],
      requestBody: jsonBody({ type: "object", properties: { dryRun: { type: "boolean", default: false } }, additionalProperties: false }, false),
      responses: {
        "200": jsonResponse("What was (or would be) deleted", { type: "object", required: ["gc"], properties: { gc: ref("GcResult") } }),
        ...errors(400, 401, 403, 404),
      },
    },
  },
  "/apps/{slug}/gc/policy": {
    put: {
      summary: "Set the garbage-collection policy",
      description: "`pruneUntagged`: collections also delete untagged manifests (no tag, no index listing them, no subject present; never the proxy cache's) past the grace period. Off by default.",
      parameters: [SLUG_PARAM],
      requestBody: jsonBody(POLICY),
      responses: {
        "200": jsonResponse("OK", { type: "object", properties: { policy: POLICY } }),
        ...errors(400, 401, 403, 404),
      },
    },
  },
};
