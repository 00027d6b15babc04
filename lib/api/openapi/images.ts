/** Contracts of an application's images (its private registry as the portal sees it) and the push instructions. */
import { z } from "zod";
import type { deleteManifest } from "@/lib/images/delete-manifest";
import { MAX_TAG_PAGE_SIZE } from "@/lib/images/list-tags";
import type { ManifestDetail, RepositoryListItem, TagPage } from "@/lib/images/types";
import type { Instructions } from "@/lib/instructions/generate-instructions";
import { defineRoute, describing } from "./contract";

const kind = z.enum(["image", "index", "helm-chart", "signature", "sbom", "attestation", "artifact"]);
const platform = z.object({ name: z.string().meta({ examples: ["linux/arm64/v8"] }), isAttested: z.boolean() });
const description = {
  kind,
  label: z.string().meta({ description: "The media type in plain words." }),
  platforms: z.array(platform),
  attestationCount: z.number().int().meta({ description: "Attestation manifests in an index (never listed as platforms)" }),
};
const layerView = z.object({ digest: z.string(), size: z.number().int().nullable(), mediaType: z.string().nullable(), description: z.string() });

export const repositorySchema = describing<RepositoryListItem>()(
  z
    .object({
      name: z.string().meta({ description: "`<slug>/<path>`" }),
      path: z.string(),
      tagCount: z.number().int(),
      manifestCount: z.number().int(),
      storedBytes: z.number().int().meta({ description: "The blobs the repository holds (pushed or mounted, each counted once however many tags share it), plus its manifests' bytes." }),
      lastPushedAt: z.iso.datetime().nullable(),
      matchedTags: z.array(z.string()).meta({ description: "With `q`: up to five matching tag names." }),
    })
    .meta({ id: "Repository" }),
);

export const tagPageSchema = describing<TagPage>()(
  z.object({
    tags: z.array(
      z
        .object({
          id: z.uuid(),
          name: z.string(),
          digest: z.string(),
          mediaType: z.string(),
          ...description,
          size: z.number().int().meta({ description: "Compressed size: config and layers (an index: its children)." }),
          pushedAt: z.iso.datetime(),
          pushedBy: z.string().nullable().meta({ description: "An e-mail, or `token:<name>`." }),
        })
        .meta({ id: "TagListItem" }),
    ),
    nextCursor: z.string().nullable(),
    total: z.number().int(),
  }),
);

export const manifestDetailSchema = describing<ManifestDetail>()(
  z
    .object({
      repository: z.string(),
      path: z.string(),
      reference: z.string(),
      digest: z.string(),
      mediaType: z.string(),
      artifactType: z.string().nullable(),
      ...description,
      manifestSize: z.number().int(),
      size: z.number().int(),
      pushedAt: z.iso.datetime(),
      pushedBy: z.string().nullable(),
      tags: z.array(z.string()),
      subject: z.string().nullable(),
      config: layerView.nullable(),
      configSummary: z
        .object({
          created: z.string().optional(),
          os: z.string().optional(),
          architecture: z.string().optional(),
          variant: z.string().optional(),
          entrypoint: z.array(z.string()).optional(),
          cmd: z.array(z.string()).optional(),
          exposedPorts: z.array(z.string()),
          labels: z.record(z.string(), z.string()),
          user: z.string().optional(),
          workingDir: z.string().optional(),
          envCount: z.number().int().optional(),
          layerCount: z.number().int().optional(),
        })
        .nullable(),
      layers: z.array(layerView),
      children: z.array(
        z.object({
          digest: z.string(),
          size: z.number().int().nullable(),
          mediaType: z.string().nullable(),
          platform: z.string().nullable(),
          attestationFor: z.string().nullable(),
          isStored: z.boolean(),
          contentSize: z.number().int().nullable(),
        }),
      ),
      referrers: z.array(z.object({ digest: z.string(), mediaType: z.string(), artifactType: z.string().nullable(), kind, label: z.string(), size: z.number().int(), pushedAt: z.iso.datetime() })),
      annotations: z.record(z.string(), z.string()),
      pull: z.object({ byDigest: z.string(), byTag: z.string().nullable() }),
    })
    .meta({ id: "ManifestDetail" }),
);

const deletedSchema = describing<{ deleted: Awaited<ReturnType<typeof deleteManifest>> | { tags: string[] } }>()(
  z.object({ deleted: z.object({ digest: z.string().optional(), tags: z.array(z.string()) }) }),
);

const instructionsSchema = describing<Instructions & { registryHost: string }>()(
  z
    .object({
      registryHost: z.string(),
      valid: z.boolean(),
      problems: z.array(z.object({ field: z.enum(["image", "tag", "localImage"]), message: z.string() })),
      target: z.string().meta({ examples: ["registry.example.com/acme/api:1.2.0"] }),
      groups: z.array(
        z.object({
          tool: z.enum(["docker", "podman", "skopeo", "buildx"]),
          title: z.string(),
          steps: z.array(z.object({ label: z.string(), command: z.string(), note: z.string().optional() })),
        }),
      ),
    })
    .meta({ id: "Instructions" }),
);

export const IMAGE_ROUTES = {
  repositories: defineRoute({
    method: "get",
    path: "/apps/{slug}/images",
    summary: "List the application's repositories",
    description: "Most recently pushed first. `q` keeps repositories whose path or any tag name contains it (case-insensitive).",
    query: z.object({ q: z.string().max(200, "must be at most 200 characters").optional().meta({ description: "Search text" }) }),
    response: { schema: z.object({ repositories: z.array(repositorySchema) }) },
    errors: ["not_found"],
  }),
  tags: defineRoute({
    method: "get",
    path: "/apps/{slug}/images/{repo}/tags",
    summary: "List a repository's tags, newest first",
    description: "Keyset pagination: pass `nextCursor` back as `cursor` until it is null. `{repo}` may contain slashes (`team/api`).",
    query: z.object({
      limit: z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(MAX_TAG_PAGE_SIZE, `must be at most ${MAX_TAG_PAGE_SIZE}`).optional().meta({ description: "Page size" }),
      cursor: z.string().max(500).optional().meta({ description: "From the previous page's `nextCursor`" }),
      q: z.string().max(200, "must be at most 200 characters").optional().meta({ description: "Keep tags whose name contains this (case-insensitive)" }),
    }),
    response: { schema: tagPageSchema },
    errors: ["not_found"],
  }),
  manifest: defineRoute({
    method: "get",
    path: "/apps/{slug}/images/{repo}/manifests/{reference}",
    summary: "Get one manifest by tag or digest",
    description: "Layers, config summary, index children with their platforms (buildx attestations attributed to theirs), referrers and pull references.",
    response: { schema: z.object({ manifest: manifestDetailSchema }) },
    errors: ["not_found"],
  }),
  deleteReference: defineRoute({
    method: "delete",
    path: "/apps/{slug}/images/{repo}/manifests/{reference}",
    summary: "Delete a tag, or a manifest by digest",
    description: "A tag removes only the tag (the manifest stays reachable by digest). A digest removes the manifest and every tag on it; the registry then answers MANIFEST_UNKNOWN.",
    response: { description: "Deleted", schema: deletedSchema },
    errors: ["not_found"],
  }),
  instructions: defineRoute({
    method: "get",
    path: "/apps/{slug}/instructions",
    summary: "Push instructions for an image of the application",
    description: "docker, podman, skopeo and buildx commands for the caller and the registry host. An invalid image name or tag is a 400 naming the field and the OCI rule.",
    query: z.object({
      image: z.string().max(300, "must be at most 300 characters").meta({ description: "Image name under the application, e.g. `api` or `team/api`" }),
      tag: z.string().max(300, "must be at most 300 characters").meta({ description: "Tag to push" }),
      localImage: z.string().max(500, "must be at most 500 characters").optional().meta({ description: "The image on your machine (default: `<image>:<tag>`)" }),
    }),
    response: { schema: instructionsSchema },
    errors: ["not_found"],
  }),
};
