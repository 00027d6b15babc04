/** OpenAPI paths for an application's images (its private registry as the portal sees it) and push instructions. */
import { SLUG_PARAM } from "./app-paths";
import { errors, jsonResponse, pathParam, ref } from "./shared";

const REPO_PARAM = {
  ...pathParam("repo", "The repository path under the application (may contain slashes, e.g. `team/api`)"),
  schema: { type: "string", pattern: "^[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*(/[a-z0-9]+((\\.|_|__|-+)[a-z0-9]+)*)*$" },
};
const REFERENCE_PARAM = pathParam("reference", "A tag, or a manifest digest (`sha256:…`)");
const queryParam = (name: string, description: string, schema: unknown = { type: "string" }, required = false) => ({ name, in: "query", required, description, schema });

const platform = { type: "object", properties: { name: { type: "string", examples: ["linux/arm64/v8"] }, isAttested: { type: "boolean" } } };
const kind = { type: "string", enum: ["image", "index", "helm-chart", "signature", "sbom", "attestation", "artifact"] };
const descriptorView = {
  type: "object",
  properties: { digest: { type: "string" }, size: { type: ["integer", "null"] }, mediaType: { type: ["string", "null"] }, description: { type: "string" } },
};

export const IMAGE_SCHEMAS = {
  Repository: {
    type: "object",
    properties: {
      name: { type: "string", description: "`<slug>/<path>`" },
      path: { type: "string" },
      tagCount: { type: "integer" },
      manifestCount: { type: "integer" },
      storedBytes: { type: "integer", description: "The blobs the repository holds (pushed or mounted, each counted once however many tags share it), plus its manifests' bytes." },
      lastPushedAt: { type: ["string", "null"], format: "date-time" },
      matchedTags: { type: "array", items: { type: "string" }, description: "With `q`: up to five matching tag names." },
    },
  },
  TagListItem: {
    type: "object",
    properties: {
      id: { type: "string", format: "uuid" },
      name: { type: "string" },
      digest: { type: "string" },
      mediaType: { type: "string" },
      kind,
      label: { type: "string", description: "The media type in plain words." },
      size: { type: "integer", description: "Compressed size: config and layers (an index: its children)." },
      platforms: { type: "array", items: platform },
      attestationCount: { type: "integer" },
      pushedAt: { type: "string", format: "date-time" },
      pushedBy: { type: ["string", "null"], description: "An e-mail, or `token:<name>`." },
    },
  },
  ManifestDetail: {
    type: "object",
    properties: {
      repository: { type: "string" },
      reference: { type: "string" },
      digest: { type: "string" },
      mediaType: { type: "string" },
      artifactType: { type: ["string", "null"] },
      kind,
      label: { type: "string" },
      platforms: { type: "array", items: platform },
      size: { type: "integer" },
      manifestSize: { type: "integer" },
      pushedAt: { type: "string", format: "date-time" },
      pushedBy: { type: ["string", "null"] },
      tags: { type: "array", items: { type: "string" } },
      subject: { type: ["string", "null"] },
      config: { oneOf: [descriptorView, { type: "null" }] },
      configSummary: { type: ["object", "null"], description: "created, os, architecture, entrypoint, cmd, exposedPorts, labels." },
      layers: { type: "array", items: descriptorView },
      children: { type: "array", items: { type: "object", properties: { digest: { type: "string" }, platform: { type: ["string", "null"] }, attestationFor: { type: ["string", "null"] }, isStored: { type: "boolean" }, contentSize: { type: ["integer", "null"] } } } },
      referrers: { type: "array", items: { type: "object", properties: { digest: { type: "string" }, artifactType: { type: ["string", "null"] }, kind, label: { type: "string" }, size: { type: "integer" } } } },
      pull: { type: "object", properties: { byDigest: { type: "string" }, byTag: { type: ["string", "null"] } } },
    },
  },
  Instructions: {
    type: "object",
    properties: {
      registryHost: { type: "string" },
      valid: { type: "boolean" },
      target: { type: "string", examples: ["registry.example.com/acme/api:1.2.0"] },
      groups: {
        type: "array",
        items: {
          type: "object",
          properties: {
            tool: { type: "string", enum: ["docker", "podman", "skopeo", "buildx"] },
            title: { type: "string" },
            steps: { type: "array", items: { type: "object", properties: { label: { type: "string" }, command: { type: "string" }, note: { type: "string" } } } },
          },
        },
      },
    },
  },
};

export const IMAGE_PATHS = {
  "/apps/{slug}/images": {
    get: {
      summary: "List the application's repositories",
      description: "Most recently pushed first. `q` keeps repositories whose path or any tag name contains it (case-insensitive).",
      parameters: [SLUG_PARAM, queryParam("q", "Search text")],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { repositories: { type: "array", items: ref("Repository") } } }), ...errors(400, 401, 404) },
    },
  },
  "/apps/{slug}/images/{repo}/tags": {
    get: {
      summary: "List a repository's tags, newest first",
      description: "Keyset pagination: pass `nextCursor` back as `cursor` until it is null.",
      parameters: [
        SLUG_PARAM,
        REPO_PARAM,
        queryParam("limit", "Page size", { type: "integer", minimum: 1, maximum: 200, default: 50 }),
        queryParam("cursor", "From the previous page's `nextCursor`"),
        queryParam("q", "Keep tags whose name contains this (case-insensitive)"),
      ],
      responses: {
        "200": jsonResponse("OK", {
          type: "object",
          properties: { tags: { type: "array", items: ref("TagListItem") }, nextCursor: { type: ["string", "null"] }, total: { type: "integer" } },
        }),
        ...errors(400, 401, 404),
      },
    },
  },
  "/apps/{slug}/images/{repo}/manifests/{reference}": {
    get: {
      summary: "Get one manifest by tag or digest",
      description: "Layers, config summary, index children with their platforms (buildx attestations attributed to theirs), referrers and pull references.",
      parameters: [SLUG_PARAM, REPO_PARAM, REFERENCE_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { manifest: ref("ManifestDetail") } }), ...errors(401, 404) },
    },
    delete: {
      summary: "Delete a tag, or a manifest by digest",
      description: "A tag removes only the tag (the manifest stays reachable by digest). A digest removes the manifest and every tag on it; the registry then answers MANIFEST_UNKNOWN.",
      parameters: [SLUG_PARAM, REPO_PARAM, REFERENCE_PARAM],
      responses: {
        "200": jsonResponse("Deleted", {
          type: "object",
          properties: { deleted: { type: "object", properties: { digest: { type: "string" }, tags: { type: "array", items: { type: "string" } } } } },
        }),
        ...errors(400, 401, 404),
      },
    },
  },
  "/apps/{slug}/instructions": {
    get: {
      summary: "Push instructions for an image of the application",
      description: "docker, podman, skopeo and buildx commands for the caller and the registry host. An invalid image name or tag is a 400 naming the field and the OCI rule.",
      parameters: [
        SLUG_PARAM,
        queryParam("image", "Image name under the application, e.g. `api` or `team/api`", { type: "string" }, true),
        queryParam("tag", "Tag to push", { type: "string" }, true),
        queryParam("localImage", "The image on your machine (default: `<image>:<tag>`)"),
      ],
      responses: { "200": jsonResponse("OK", ref("Instructions")), ...errors(400, 401, 404) },
    },
  },
};
