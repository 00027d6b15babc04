/** Contracts of the customer side: channels, promotions, customers, licenses, the install YAML and the pull ledger. */
import { z } from "zod";
import { createChannelSchema, updateChannelSchema, type ChannelView } from "@/lib/customers/channels";
import { createCustomerSchema, LICENSE_TYPES, updateCustomerSchema } from "@/lib/customers/customer-input";
import type { CustomerView } from "@/lib/customers/customers";
import type { LicenseVerdict } from "@/lib/customers/licenses";
import { MAX_LICENSE_FILE_BYTES } from "@/lib/customers/license-file";
import { promoteSchema, type PromotionView } from "@/lib/customers/promotions";
import { listCustomerPulls, listDigestPullers, MAX_PULLS_SHOWN } from "@/lib/customers/pull-ledger-queries";
import { tryParseDigest } from "@/lib/registry/digests";
import { defineRoute, describing } from "./contract";

const person = z.object({ name: z.string(), email: z.string() });
const yamlFile = (description: string) => ({ description, contentType: "application/yaml", schema: z.string() });

export const channelSchema = describing<ChannelView>()(
  z
    .object({
      id: z.uuid(),
      name: z.string().meta({ examples: ["Stable"] }),
      position: z.number().int(),
      archived: z.boolean(),
      archivedAt: z.iso.datetime().nullable(),
      createdAt: z.iso.datetime(),
      customerCount: z.number().int().meta({ description: "Customers (not archived) on the channel" }),
      currentRelease: z
        .object({ sequence: z.number().int(), version: z.string(), promotedAt: z.iso.datetime() })
        .nullable()
        .meta({ description: "The newest promotion that is not demoted" }),
      airgapBuildOnPromotion: z.boolean().meta({ description: "Promoting a release here builds its airgap bundle when customers entitled to airgap follow the channel" }),
    })
    .meta({ id: "Channel" }),
);

export const promotionSchema = describing<PromotionView>()(
  z
    .object({
      id: z.uuid(),
      channel: z.string(),
      releaseSequence: z.number().int(),
      version: z.string().meta({ examples: ["1.4.2"] }),
      notes: z.string().meta({ description: "Markdown" }),
      promotedAt: z.iso.datetime(),
      promotedBy: person,
      demotedAt: z.iso.datetime().nullable(),
      demotedBy: person.nullable(),
    })
    .meta({ id: "Promotion" }),
);

export const customerSchema = describing<CustomerView>()(
  z
    .object({
      id: z.uuid(),
      name: z.string(),
      email: z.string().nullable(),
      channel: z.string(),
      licenseId: z.string().meta({ description: "The customer's registry username and password; 32 URL-safe characters" }),
      type: z.enum(LICENSE_TYPES),
      expiresAt: z.iso.datetime().nullable(),
      isExpired: z.boolean(),
      airgap: z.boolean().meta({ description: "The airgap entitlement" }),
      archived: z.boolean().meta({ description: "An archived customer's license is refused" }),
      archivedAt: z.iso.datetime().nullable(),
      licenseIssuedAt: z.iso.datetime().meta({ description: "When the license file's content last changed" }),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      createdBy: person,
      updatedBy: person,
    })
    .meta({ id: "Customer" }),
);

const customerPullsSchema = describing<Awaited<ReturnType<typeof listCustomerPulls>>>()(
  z.object({
    pulls: z.array(
      z
        .object({
          repository: z.string().meta({ examples: ["myapp/worker"] }),
          reference: z.string().meta({ description: "As the client asked: a tag or a digest" }),
          digest: z.string().meta({ description: "The manifest served" }),
          method: z.string().meta({ description: "GET or HEAD" }),
          at: z.iso.datetime(),
          clientAddress: z.string().meta({ description: "The connecting address as the registry saw it" }),
          userAgent: z.string(),
        })
        .meta({ id: "LicensePull" }),
    ),
    images: z.array(z.object({ repository: z.string(), count: z.number().int(), lastPulledAt: z.iso.datetime() }).meta({ id: "ImagePullCount" })),
  }),
);

const digestPullersSchema = describing<Awaited<ReturnType<typeof listDigestPullers>>>()(
  z.object({ customers: z.array(z.object({ id: z.uuid(), name: z.string(), count: z.number().int(), lastPulledAt: z.iso.datetime() }).meta({ id: "DigestPuller" })) }),
);

const licenseVerdictSchema = describing<LicenseVerdict>()(
  z.object({
    valid: z.boolean(),
    reason: z.enum(["malformed", "unknown", "bad_signature", "revoked", "archived", "expired", "superseded"]).optional(),
    message: z.string().optional(),
  }),
);

const channelAnswer = z.object({ channel: channelSchema });
const customerAnswer = z.object({ customer: customerSchema });
const promotionAnswer = z.object({ promotion: promotionSchema });

export const CHANNEL_ROUTES = {
  list: defineRoute({
    method: "get",
    path: "/apps/{slug}/channels",
    summary: "List the application's channels",
    description: "Every application starts with Stable, Beta and Unstable. Archived channels are included and flagged.",
    response: { schema: z.object({ channels: z.array(channelSchema) }) },
    errors: ["not_found"],
  }),
  create: defineRoute({ method: "post", path: "/apps/{slug}/channels", summary: "Add a channel", body: createChannelSchema, response: { status: 201, schema: channelAnswer }, errors: ["not_found", "conflict"] }),
  update: defineRoute({
    method: "patch",
    path: "/apps/{slug}/channels/{name}",
    summary: "Rename, archive or restore a channel, or switch building airgap bundles on promotion",
    description: "A channel with customers on it cannot be archived (409).",
    body: updateChannelSchema,
    response: { schema: channelAnswer },
    errors: ["not_found", "conflict"],
  }),
  archive: defineRoute({
    method: "delete",
    path: "/apps/{slug}/channels/{name}",
    summary: "Archive a channel",
    description: "Archives rather than deletes, so its history stays; refused (409) while customers are on it.",
    response: { schema: channelAnswer },
    errors: ["not_found", "conflict"],
  }),
  promotions: defineRoute({
    method: "get",
    path: "/apps/{slug}/channels/{name}/releases",
    summary: "The channel's promotions, newest first",
    response: { schema: z.object({ promotions: z.array(promotionSchema) }) },
    errors: ["not_found"],
  }),
  promote: defineRoute({
    method: "post",
    path: "/apps/{slug}/releases/{sequence}/promote",
    summary: "Promote a release to a channel",
    description: "Refused (400, details list each error diagnostic) while the release, previewed again now, has errors. The version label is unique within the channel (409).",
    body: promoteSchema,
    response: { status: 201, schema: promotionAnswer },
    errors: ["not_found", "conflict"],
  }),
  demote: defineRoute({
    method: "post",
    path: "/apps/{slug}/promotions/{id}/demote",
    summary: "Demote a promotion",
    description: "The channel falls back to its previous promotion. The release is never deleted.",
    response: { schema: promotionAnswer },
    errors: ["not_found", "conflict"],
  }),
};

export const CUSTOMER_ROUTES = {
  list: defineRoute({
    method: "get",
    path: "/apps/{slug}/customers",
    summary: "List the application's customers, newest first",
    query: z.object({ archived: z.enum(["include", "exclude"], { message: "must be include or exclude" }).optional().meta({ description: "`include` adds archived customers" }) }),
    response: { schema: z.object({ customers: z.array(customerSchema) }) },
    errors: ["not_found"],
  }),
  create: defineRoute({ method: "post", path: "/apps/{slug}/customers", summary: "Create a customer and its license", body: createCustomerSchema, response: { status: 201, schema: customerAnswer }, errors: ["not_found"] }),
  get: defineRoute({ method: "get", path: "/apps/{slug}/customers/{id}", summary: "Get one customer", response: { schema: customerAnswer }, errors: ["not_found"] }),
  update: defineRoute({
    method: "patch",
    path: "/apps/{slug}/customers/{id}",
    summary: "Change a customer",
    description: "Changing the name, channel, type, expiry or airgap issues a new license file. `archived: true` revokes the license at once.",
    body: updateCustomerSchema,
    response: { schema: customerAnswer },
    errors: ["not_found"],
  }),
  rotateLicense: defineRoute({
    method: "post",
    path: "/apps/{slug}/customers/{id}/rotate-license",
    summary: "Rotate the customer's license ID",
    description: "The old ID is refused from now on (registry tokens issued with it stop working within seconds).",
    response: { schema: customerAnswer },
    errors: ["not_found"],
  }),
  license: defineRoute({
    method: "get",
    path: "/apps/{slug}/customers/{id}/license",
    summary: "Download the customer's signed license file",
    description: "YAML whose `spec` is signed with the application's Ed25519 key: the signature covers `spec` as canonical JSON (keys sorted at every level, no white space, UTF-8).",
    response: yamlFile("The license file"),
    errors: ["not_found"],
  }),
  installYaml: defineRoute({
    method: "get",
    path: "/apps/{slug}/customers/{id}/install.yaml",
    summary: "Download the customer's install YAML",
    description: "The channel's current release, rewritten as the preview shows, plus the `replicatedregistrykey` pull secret with the license. 409 when the channel has no release.",
    response: yamlFile("A Kubernetes YAML stream"),
    errors: ["not_found", "conflict"],
  }),
  pulls: defineRoute({
    method: "get",
    path: "/apps/{slug}/customers/{id}/pulls",
    summary: "A customer's license pulls",
    description:
      "Every manifest GET or HEAD made with the customer's license, newest first, and per repository how many and when last. Rows are kept `LICENSE_PULL_RETENTION_DAYS` (default 90) and appear within about a second of the pull.",
    query: z.object({
      limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_PULLS_SHOWN, `must be at most ${MAX_PULLS_SHOWN}`).optional().meta({ description: "How many pulls to list (default 50)" }),
    }),
    response: { schema: customerPullsSchema },
    errors: ["not_found"],
  }),
  digestPullers: defineRoute({
    method: "get",
    path: "/apps/{slug}/pulls",
    summary: "Customers who pulled a manifest",
    description: "The application's customers whose license fetched the manifest with this digest, most recent first.",
    query: z.object({ digest: z.string().refine((value) => tryParseDigest(value) !== null, "must be a manifest digest such as sha256:<64 hex>").meta({ description: "A manifest digest (`sha256:…`)" }) }),
    response: { schema: digestPullersSchema },
    errors: ["not_found"],
  }),
};

export const LICENSE_ROUTES = {
  publicKey: defineRoute({
    method: "get",
    path: "/apps/{slug}/license-key",
    summary: "The public key that verifies the application's license files",
    response: { schema: z.object({ publicKey: z.string().meta({ description: "PEM, SPKI, Ed25519" }) }) },
    errors: ["not_found"],
  }),
  verify: defineRoute({
    method: "post",
    path: "/licenses/verify",
    summary: "Verify a license file",
    description: "No sign-in. Send the file as the body. `reason` is one of malformed, unknown, bad_signature, revoked (rotated), archived, expired, superseded (a newer file was issued).",
    auth: "none",
    rawBody: { required: true, description: `The license file, at most ${MAX_LICENSE_FILE_BYTES} bytes.`, content: { "application/yaml": { schema: z.string() } } },
    response: { schema: licenseVerdictSchema },
  }),
  installYaml: defineRoute({
    method: "get",
    path: "/license/install.yaml",
    summary: "The install YAML, for the customer holding the license",
    description: "Authenticate with the license ID: `Authorization: Bearer <license ID>`. Refused (401) for an expired, revoked or unknown license.",
    auth: "license",
    response: yamlFile("A Kubernetes YAML stream"),
    errors: ["conflict", "rate_limited"],
  }),
};
