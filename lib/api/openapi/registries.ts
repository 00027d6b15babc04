/** Contracts of a team's external registries: CRUD by name, the connection test and the proxy's figures. */
import { z } from "zod";
import { connectionTestInputSchema, registryInputSchema, registryUpdateSchema } from "@/lib/external/registry-input";
import type { ConnectionTestResult } from "@/lib/external/test-registry-connection";
import type { RegistryProxyStats } from "@/lib/external-registries/get-registry-proxy-stats";
import type { ExternalRegistryView } from "@/lib/external-registries/registry-view";
import { defineRoute, describing } from "./contract";

export const externalRegistrySchema = describing<ExternalRegistryView>()(
  z
    .object({
      name: z.string().meta({ description: "The `source` value in release YAML; unique within the team." }),
      endpoint: z.string().meta({ description: "The stored, normalised endpoint." }),
      kind: z.enum(["dockerhub", "quay", "ghcr", "gcr", "ecr", "gitlab", "generic"]),
      kindLabel: z.string().meta({ examples: ["Quay", "Docker Hub"] }),
      credentialHint: z.string().meta({ description: "Which credentials this provider wants." }),
      username: z.string(),
      hasSecret: z.literal(true),
      secretUpdatedAt: z.iso.datetime(),
      createdAt: z.iso.datetime(),
      updatedAt: z.iso.datetime(),
      endpointNotes: z.array(z.string()).optional().meta({ description: "On create and update: what normalising the endpoint changed or assumed." }),
    })
    .meta({
      id: "ExternalRegistry",
      description: "An external registry as stored. The password or token is never returned; `hasSecret` and `secretUpdatedAt` say that one is set and when.",
    }),
);

const proxyStatsSchema = describing<RegistryProxyStats>()(
  z
    .object({
      cachedImages: z.number().int().meta({ description: "Images held in the proxy's cache (a multi-platform index counts once)." }),
      hits: z.number().int().meta({ description: "Manifest and blob requests answered from the cache." }),
      misses: z.number().int().meta({ description: "Manifest and blob requests that went to the upstream." }),
      upstreamErrors: z.number().int().meta({ description: "Upstream failures: unreachable, timeouts, 429, 5xx, refused credentials, content that did not match its digest." }),
      staleServed: z.number().int().meta({ description: "Tag pulls answered with the last known digest because the upstream failed." }),
      lastError: z.string().optional().meta({ description: "The last upstream failure in plain words (never containing the stored credentials or upstream tokens)." }),
      lastErrorAt: z.iso.datetime().optional(),
      rateLimitRemaining: z.number().int().optional().meta({ description: "Docker Hub's `ratelimit-remaining` from its last answer, when it sends one." }),
    })
    .meta({ id: "RegistryProxyStats", description: "What the pull-through proxy (`/v2/proxy/...`) did with this registry. Counters add up from the first pull and are written about once a second." }),
);

const connectionTestSchema = describing<ConnectionTestResult>()(
  z
    .object({
      ok: z.boolean(),
      ms: z.number().int().meta({ description: "Total time, all steps." }),
      steps: z
        .array(
          z.object({
            step: z.enum(["resolve", "connect", "authenticate", "manifest"]),
            ok: z.boolean(),
            message: z.string().meta({ description: "Plain words, with the upstream's own error text when it failed." }),
            ms: z.number().int(),
          }),
        )
        .meta({ description: "In order, stopping at the first failure. A refused address fails `resolve` with a message naming EXTERNAL_REGISTRY_ALLOW." }),
    })
    .meta({ id: "ConnectionTestResult" }),
);

const registryAnswer = z.object({ registry: externalRegistrySchema });

export const REGISTRY_ROUTES = {
  list: defineRoute({ method: "get", path: "/registries", summary: "List the team's external registries", response: { schema: z.object({ registries: z.array(externalRegistrySchema) }) } }),
  create: defineRoute({
    method: "post",
    path: "/registries",
    summary: "Add an external registry",
    description: "The password or token is encrypted at rest (AES-256-GCM) and never returned.",
    body: registryInputSchema,
    response: { status: 201, schema: registryAnswer },
    errors: ["conflict"],
  }),
  get: defineRoute({ method: "get", path: "/registries/{name}", summary: "Get one external registry", response: { schema: registryAnswer }, errors: ["not_found"] }),
  update: defineRoute({
    method: "patch",
    path: "/registries/{name}",
    summary: "Change an external registry",
    description:
      "Fields left out stay as they are; a blank or missing password keeps the stored one. Renaming is refused (409) while a saved release uses the registry as a source. Moving the endpoint to another server requires the password again.",
    body: registryUpdateSchema,
    response: { schema: registryAnswer },
    errors: ["not_found", "conflict"],
  }),
  delete: defineRoute({
    method: "delete",
    path: "/registries/{name}",
    summary: "Delete an external registry",
    description: "Refused with 409, naming the releases, while a saved release uses it as a source.",
    response: { status: 204, description: "Deleted" },
    errors: ["not_found", "conflict"],
  }),
  proxyStats: defineRoute({
    method: "get",
    path: "/registries/{name}/proxy",
    summary: "Pull-through proxy figures for this registry",
    description: "Cached images, hits, misses and upstream errors of the proxy that serves this registry's images to customers through `/v2/proxy/<app>/<host>/<path>`.",
    response: { schema: proxyStatsSchema },
    errors: ["not_found"],
  }),
  test: defineRoute({
    method: "post",
    path: "/registries/{name}/test",
    summary: "Test the connection with the stored credentials",
    description:
      "Resolves the host (subject to the operator's EXTERNAL_REGISTRY_ALLOW), connects to `/v2/`, authenticates, and with `image` looks up `image:tag` (tag defaults to latest; the image is relative to the endpoint's namespace). Upstream failures are failed steps in a 200 answer.",
    body: connectionTestInputSchema,
    response: { description: "The test ran", schema: connectionTestSchema },
    errors: ["not_found"],
  }),
};
