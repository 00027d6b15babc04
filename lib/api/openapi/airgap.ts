/** Contracts of airgap bundles (lib/airgap): build, state, and downloads for the vendor and for customers. */
import { z } from "zod";
import type { BundleView } from "@/lib/airgap/bundle-view";
import { defineRoute, describing } from "./contract";

export const bundleSchema = describing<BundleView>()(
  z
    .object({
      status: z.enum(["building", "ready", "failed"]).meta({ description: "A build whose server went away reads as failed within two minutes" }),
      imagesDone: z.number().int(),
      imagesTotal: z.number().int(),
      bytes: z.number().int().meta({ description: "Bundle bytes written so far (the size once ready)" }),
      bytesTotal: z.number().int().meta({ description: "The expected size while building (0 until the images are resolved)" }),
      speedMiBps: z.number().nullable().meta({ description: "While building" }),
      etaSeconds: z.number().int().nullable().meta({ description: "While building" }),
      sha256: z.string().optional().meta({ description: "Hex sha256 of the tar, once ready" }),
      size: z.number().int().optional().meta({ description: "Bytes of the tar, once ready" }),
      error: z.string().optional().meta({ description: "Why it failed, naming the image (unknown tag, upstream refused, digest mismatch)" }),
      failedImage: z.string().optional().meta({ description: "The image it failed on, as the release's images: names it" }),
      log: z.array(z.string()),
      attempt: z.number().int().meta({ description: "1 for the first build, one more per retry" }),
      startedAt: z.iso.datetime(),
      finishedAt: z.iso.datetime().nullable(),
    })
    .meta({ id: "AirgapBundle" }),
);

const rangeHeader = z.object({
  Range: z
    .string()
    .optional()
    .meta({ description: "One byte range (`bytes=<start>-[<end>]`) to resume an interrupted download; answered 206 with Content-Range, or 416.", examples: ["bytes=1048576-"] }),
});

const tarDownload = {
  description:
    "The bundle: a tar holding an OCI image layout (`oci-layout`, `index.json` naming each image by `org.opencontainers.image.ref.name`, `blobs/sha256/…`), `manifests/release.yaml` (the release with every image under `${LOCAL_REGISTRY}`) and `bundle.json`. `Content-Length` is set; `X-Checksum-Sha256` and `Docker-Content-Digest` carry its sha256.",
  contentType: "application/x-tar",
  schema: z.string().meta({ format: "binary" }),
  headers: z.object({
    "X-Checksum-Sha256": z.string().meta({ description: "Hex sha256 of the whole file" }),
    "Accept-Ranges": z.literal("bytes"),
  }),
};

const rangeAnswers = { "206": { description: "The requested range" }, "416": { description: "The range starts past the end" } } as const;

export const AIRGAP_ROUTES = {
  get: defineRoute({
    method: "get",
    path: "/apps/{slug}/releases/{sequence}/airgap",
    summary: "The state of the release's airgap bundle",
    description: "`bundle` is null before the first build was requested.",
    response: { schema: z.object({ bundle: bundleSchema.nullable() }) },
    errors: ["not_found"],
  }),
  build: defineRoute({
    method: "post",
    path: "/apps/{slug}/releases/{sequence}/airgap",
    summary: "Build the release's airgap bundle (or join the build running)",
    description:
      "Starts a background build of one tar with every image of the release's `images:` (all platforms), or joins the one running; a ready bundle is returned as it is (built once per release); a failed one is built again (a retry). Poll the GET until `ready` or `failed`.",
    response: { status: 202, description: "Accepted", schema: z.object({ bundle: bundleSchema }) },
    errors: ["not_found"],
  }),
  download: defineRoute({
    method: "get",
    path: "/apps/{slug}/releases/{sequence}/airgap/bundle",
    summary: "Download the release's airgap bundle (vendor team)",
    description: "409 while it is being built, 404 when there is none.",
    requestHeaders: rangeHeader,
    response: tarDownload,
    otherResponses: rangeAnswers,
    errors: ["not_found", "conflict"],
  }),
  licenseDownload: defineRoute({
    method: "get",
    path: "/license/airgap/{sequence}",
    summary: "Download an airgap bundle, for the customer holding the license",
    description:
      "Authenticate with the license ID: `Authorization: Bearer <license ID>`. 401 for an expired, revoked or unknown license; 403 without the airgap entitlement; 404 when the release is not promoted to the customer's channel or has no bundle; 409 while it is being built. Every request is recorded in the customer's pull ledger.",
    auth: "license",
    requestHeaders: rangeHeader,
    response: tarDownload,
    otherResponses: rangeAnswers,
    errors: ["forbidden", "not_found", "conflict", "rate_limited"],
  }),
};
