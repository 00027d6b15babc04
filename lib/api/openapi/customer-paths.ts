/** OpenAPI paths for the customer side: channels, promotions, customers, licenses and the install YAML. */
import { SLUG_PARAM } from "./app-paths";
import { errors, jsonBody, jsonResponse, pathParam, ref } from "./shared";

const nullable = (type: string, extra: Record<string, unknown> = {}) => ({ type: [type, "null"], ...extra });
const person = { type: "object", properties: { name: { type: "string" }, email: { type: "string" } } };
const CHANNEL_PARAM = pathParam("name", "The channel's name (URL-encoded), e.g. Stable");
const CUSTOMER_PARAM = { ...pathParam("id", "The customer's id"), schema: { type: "string", format: "uuid" } };
const yamlFile = (description: string) => ({ description, content: { "application/yaml": { schema: { type: "string" } } } });
const LICENSE_TYPES = ["dev", "trial", "paid", "community"];
const EXPIRY = {
  type: ["string", "null"],
  description: "An ISO date (the license works through that whole day, UTC) or date-time; null for no expiry.",
  examples: ["2027-01-31", "2027-01-31T12:00:00Z"],
};

export const CUSTOMER_SCHEMAS = {
  Channel: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string", examples: ["Stable"] },
      position: { type: "integer" },
      archived: { type: "boolean" },
      archivedAt: nullable("string", { format: "date-time" }),
      createdAt: { type: "string", format: "date-time" },
      customerCount: { type: "integer", description: "Customers (not archived) on the channel" },
      airgapBuildOnPromotion: { type: "boolean", description: "Promoting a release here builds its airgap bundle when customers entitled to airgap follow the channel" },
      currentRelease: {
        type: ["object", "null"],
        description: "The newest promotion that is not demoted",
        properties: { sequence: { type: "integer" }, version: { type: "string" }, promotedAt: { type: "string", format: "date-time" } },
      },
    },
  },
  Promotion: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      channel: { type: "string" },
      releaseSequence: { type: "integer" },
      version: { type: "string", examples: ["1.4.2"] },
      notes: { type: "string", description: "Markdown" },
      promotedAt: { type: "string", format: "date-time" },
      promotedBy: person,
      demotedAt: nullable("string", { format: "date-time" }),
      demotedBy: { oneOf: [person, { type: "null" }] },
    },
  },
  Customer: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string" },
      email: nullable("string"),
      channel: { type: "string" },
      licenseId: { type: "string", description: "The customer's registry username and password; 32 URL-safe characters" },
      type: { type: "string", enum: LICENSE_TYPES },
      expiresAt: nullable("string", { format: "date-time" }),
      isExpired: { type: "boolean" },
      airgap: { type: "boolean", description: "The airgap entitlement" },
      archived: { type: "boolean", description: "An archived customer's license is refused" },
      archivedAt: nullable("string", { format: "date-time" }),
      licenseIssuedAt: { type: "string", format: "date-time", description: "When the license file's content last changed" },
      createdAt: { type: "string", format: "date-time" },
      updatedAt: { type: "string", format: "date-time" },
      createdBy: person,
      updatedBy: person,
    },
  },
};

const channelResponse = jsonResponse("OK", { type: "object", properties: { channel: ref("Channel") } });
const customerResponse = jsonResponse("OK", { type: "object", properties: { customer: ref("Customer") } });
const promotionResponse = jsonResponse("OK", { type: "object", properties: { promotion: ref("Promotion") } });

export const CUSTOMER_PATHS = {
  "/apps/{slug}/channels": {
    get: {
      summary: "List the application's channels",
      description: "Every application starts with Stable, Beta and Unstable. Archived channels are included and flagged.",
      parameters: [SLUG_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { channels: { type: "array", items: ref("Channel") } } }), ...errors(401, 404) },
    },
    post: {
      summary: "Add a channel",
      parameters: [SLUG_PARAM],
      requestBody: jsonBody({ type: "object", required: ["name"], properties: { name: { type: "string", maxLength: 50 } } }),
      responses: { "201": channelResponse, ...errors(400, 401, 404, 409) },
    },
  },
  "/apps/{slug}/channels/{name}": {
    patch: {
      summary: "Rename, archive or restore a channel, or switch building airgap bundles on promotion",
      description: "A channel with customers on it cannot be archived (409).",
      parameters: [SLUG_PARAM, CHANNEL_PARAM],
      requestBody: jsonBody({ type: "object", properties: { name: { type: "string" }, archived: { type: "boolean" }, airgapBuildOnPromotion: { type: "boolean" } } }),
      responses: { "200": channelResponse, ...errors(400, 401, 404, 409) },
    },
    delete: {
      summary: "Archive a channel",
      description: "Archives rather than deletes, so its history stays; refused (409) while customers are on it.",
      parameters: [SLUG_PARAM, CHANNEL_PARAM],
      responses: { "200": channelResponse, ...errors(401, 404, 409) },
    },
  },
  "/apps/{slug}/channels/{name}/releases": {
    get: {
      summary: "The channel's promotions, newest first",
      parameters: [SLUG_PARAM, CHANNEL_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { promotions: { type: "array", items: ref("Promotion") } } }), ...errors(401, 404) },
    },
  },
  "/apps/{slug}/releases/{sequence}/promote": {
    post: {
      summary: "Promote a release to a channel",
      description: "Refused (400, details list each error diagnostic) while the release, previewed again now, has errors. The version label is unique within the channel (409).",
      parameters: [SLUG_PARAM, { ...pathParam("sequence", "The release number"), schema: { type: "integer", minimum: 1 } }],
      requestBody: jsonBody({
        type: "object",
        required: ["channel", "version"],
        properties: { channel: { type: "string" }, version: { type: "string", maxLength: 64, examples: ["1.4.2"] }, notes: { type: "string", description: "Markdown" } },
      }),
      responses: { "201": promotionResponse, ...errors(400, 401, 404, 409) },
    },
  },
  "/apps/{slug}/promotions/{id}/demote": {
    post: {
      summary: "Demote a promotion",
      description: "The channel falls back to its previous promotion. The release is never deleted.",
      parameters: [SLUG_PARAM, { ...pathParam("id", "The promotion's id"), schema: { type: "string", format: "uuid" } }],
      responses: { "200": promotionResponse, ...errors(401, 404, 409) },
    },
  },
  "/apps/{slug}/customers": {
    get: {
      summary: "List the application's customers, newest first",
      parameters: [SLUG_PARAM, { name: "archived", in: "query", required: false, description: "`include` adds archived customers", schema: { type: "string", enum: ["include", "exclude"] } }],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { customers: { type: "array", items: ref("Customer") } } }), ...errors(400, 401, 404) },
    },
    post: {
      summary: "Create a customer and its license",
      parameters: [SLUG_PARAM],
      requestBody: jsonBody({
        type: "object",
        required: ["name", "channel"],
        properties: {
          name: { type: "string", maxLength: 100 },
          channel: { type: "string", description: "A channel that is not archived" },
          email: nullable("string", { format: "email" }),
          type: { type: "string", enum: LICENSE_TYPES, default: "dev" },
          expiresAt: EXPIRY,
          airgap: { type: "boolean", default: false },
        },
      }),
      responses: { "201": customerResponse, ...errors(400, 401, 404) },
    },
  },
  "/apps/{slug}/customers/{id}": {
    get: {
      summary: "Get one customer",
      parameters: [SLUG_PARAM, CUSTOMER_PARAM],
      responses: { "200": customerResponse, ...errors(401, 404) },
    },
    patch: {
      summary: "Change a customer",
      description: "Changing the name, channel, type, expiry or airgap issues a new license file. `archived: true` revokes the license at once.",
      parameters: [SLUG_PARAM, CUSTOMER_PARAM],
      requestBody: jsonBody({
        type: "object",
        properties: {
          name: { type: "string" },
          email: nullable("string", { format: "email" }),
          channel: { type: "string" },
          type: { type: "string", enum: LICENSE_TYPES },
          expiresAt: EXPIRY,
          airgap: { type: "boolean" },
          archived: { type: "boolean" },
        },
      }),
      responses: { "200": customerResponse, ...errors(400, 401, 404) },
    },
  },
  "/apps/{slug}/customers/{id}/rotate-license": {
    post: {
      summary: "Rotate the customer's license ID",
      description: "The old ID is refused from now on (registry tokens issued with it stop working within seconds).",
      parameters: [SLUG_PARAM, CUSTOMER_PARAM],
      responses: { "200": customerResponse, ...errors(401, 404) },
    },
  },
  "/apps/{slug}/customers/{id}/license": {
    get: {
      summary: "Download the customer's signed license file",
      description: "YAML whose `spec` is signed with the application's Ed25519 key: the signature covers `spec` as canonical JSON (keys sorted at every level, no white space, UTF-8).",
      parameters: [SLUG_PARAM, CUSTOMER_PARAM],
      responses: { "200": yamlFile("The license file"), ...errors(401, 404) },
    },
  },
  "/apps/{slug}/customers/{id}/install.yaml": {
    get: {
      summary: "Download the customer's install YAML",
      description: "The channel's current release, rewritten as the preview shows, plus the `replicatedregistrykey` pull secret with the license. 409 when the channel has no release.",
      parameters: [SLUG_PARAM, CUSTOMER_PARAM],
      responses: { "200": yamlFile("A Kubernetes YAML stream"), ...errors(401, 404, 409) },
    },
  },
  "/apps/{slug}/license-key": {
    get: {
      summary: "The public key that verifies the application's license files",
      parameters: [SLUG_PARAM],
      responses: {
        "200": jsonResponse("OK", { type: "object", properties: { publicKey: { type: "string", description: "PEM, SPKI, Ed25519" } } }),
        ...errors(401, 404),
      },
    },
  },
  "/licenses/verify": {
    post: {
      summary: "Verify a license file",
      description: "No sign-in. Send the file as the body. `reason` is one of malformed, unknown, bad_signature, revoked (rotated), archived, expired, superseded (a newer file was issued).",
      security: [],
      requestBody: { required: true, content: { "application/yaml": { schema: { type: "string" } } } },
      responses: {
        "200": jsonResponse("OK", {
          type: "object",
          properties: {
            valid: { type: "boolean" },
            reason: { type: "string", enum: ["malformed", "unknown", "bad_signature", "revoked", "archived", "expired", "superseded"] },
            message: { type: "string" },
          },
        }),
        ...errors(413),
      },
    },
  },
  "/license/install.yaml": {
    get: {
      summary: "The install YAML, for the customer holding the license",
      description: "Authenticate with the license ID: `Authorization: Bearer <license ID>`. Refused (401) for an expired, revoked or unknown license.",
      security: [{ license: [] }],
      responses: { "200": yamlFile("A Kubernetes YAML stream"), ...errors(401, 409, 429) },
    },
  },
};
