/** OpenAPI paths for airgap bundles (lib/airgap): build, state, and downloads for the vendor and for customers. */
import { SLUG_PARAM } from "./app-paths";
import { errors, jsonResponse, pathParam, ref } from "./shared";

const SEQUENCE_PARAM = { ...pathParam("sequence", "The release number (1, 2, 3, …)"), schema: { type: "integer", minimum: 1 } };

const RANGE_HEADER = {
  name: "Range",
  in: "header",
  required: false,
  description: "One byte range (`bytes=<start>-[<end>]`) to resume an interrupted download; answered 206 with Content-Range, or 416.",
  schema: { type: "string", examples: ["bytes=1048576-"] },
};

const tarFile = {
  description: "The bundle: a tar holding an OCI image layout (`oci-layout`, `index.json` naming each image by `org.opencontainers.image.ref.name`, `blobs/sha256/…`), `manifests/release.yaml` (the release with every image under `${LOCAL_REGISTRY}`) and `bundle.json`. `Content-Length` is set; `X-Checksum-Sha256` and `Docker-Content-Digest` carry its sha256.",
  headers: {
    "X-Checksum-Sha256": { schema: { type: "string" }, description: "Hex sha256 of the whole file" },
    "Accept-Ranges": { schema: { type: "string", const: "bytes" } },
  },
  content: { "application/x-tar": { schema: { type: "string", format: "binary" } } },
};

export const AIRGAP_SCHEMAS = {
  AirgapBundle: {
    type: "object",
    required: ["status", "imagesDone", "imagesTotal", "bytes", "bytesTotal", "log", "attempt", "startedAt", "finishedAt"],
    properties: {
      status: { type: "string", enum: ["building", "ready", "failed"], description: "A build whose server went away reads as failed within two minutes" },
      imagesDone: { type: "integer" },
      imagesTotal: { type: "integer" },
      bytes: { type: "integer", description: "Bundle bytes written so far (the size once ready)" },
      bytesTotal: { type: "integer", description: "The expected size while building (0 until the images are resolved)" },
      speedMiBps: { type: ["number", "null"], description: "While building" },
      etaSeconds: { type: ["integer", "null"], description: "While building" },
      sha256: { type: "string", description: "Hex sha256 of the tar, once ready" },
      size: { type: "integer", description: "Bytes of the tar, once ready" },
      error: { type: "string", description: "Why it failed, naming the image (unknown tag, upstream refused, digest mismatch)" },
      failedImage: { type: "string", description: "The image it failed on, as the release's images: names it" },
      log: { type: "array", items: { type: "string" } },
      attempt: { type: "integer", description: "1 for the first build, one more per retry" },
      startedAt: { type: "string", format: "date-time" },
      finishedAt: { type: ["string", "null"], format: "date-time" },
    },
  },
};

export const AIRGAP_PATHS = {
  "/apps/{slug}/releases/{sequence}/airgap": {
    get: {
      summary: "The state of the release's airgap bundle",
      description: "`bundle` is null before the first build was requested.",
      parameters: [SLUG_PARAM, SEQUENCE_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { bundle: { oneOf: [ref("AirgapBundle"), { type: "null" }] } } }), ...errors(401, 403, 404) },
    },
    post: {
      summary: "Build the release's airgap bundle (or join the build running)",
      description:
        "Starts a background build of one tar with every image of the release's `images:` (all platforms), or joins the one running; a ready bundle is returned as it is (built once per release); a failed one is built again (a retry). Poll the GET until `ready` or `failed`.",
      parameters: [SLUG_PARAM, SEQUENCE_PARAM],
      responses: { "202": jsonResponse("Accepted", { type: "object", properties: { bundle: ref("AirgapBundle") } }), ...errors(401, 403, 404) },
    },
  },
  "/apps/{slug}/releases/{sequence}/airgap/bundle": {
    get: {
      summary: "Download the release's airgap bundle (vendor team)",
      description: "409 while it is being built, 404 when there is none.",
      parameters: [SLUG_PARAM, SEQUENCE_PARAM, RANGE_HEADER],
      responses: { "200": tarFile, "206": { description: "The requested range" }, "416": { description: "The range starts past the end" }, ...errors(401, 403, 404, 409) },
    },
  },
  "/license/airgap/{sequence}": {
    get: {
      summary: "Download an airgap bundle, for the customer holding the license",
      description:
        "Authenticate with the license ID: `Authorization: Bearer <license ID>`. 401 for an expired, revoked or unknown license; 403 without the airgap entitlement; 404 when the release is not promoted to the customer's channel or has no bundle; 409 while it is being built. Every request is recorded in the customer's pull ledger.",
      security: [{ license: [] }],
      parameters: [SEQUENCE_PARAM, RANGE_HEADER],
      responses: { "200": tarFile, "206": { description: "The requested range" }, "416": { description: "The range starts past the end" }, ...errors(401, 403, 404, 409, 429) },
    },
  },
};
