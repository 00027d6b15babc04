/** OpenAPI paths for release YAML: the live preview, releases, their history and diffs, and the editor's draft. */
import { RULE_CODES } from "@/lib/releases";
import { SLUG_PARAM } from "./app-paths";
import { errors, jsonBody, jsonResponse, pathParam, ref } from "./shared";

const SEQUENCE_PARAM = { ...pathParam("sequence", "The release number (1, 2, 3, …)"), schema: { type: "integer", minimum: 1 } };
const queryParam = (name: string, description: string, schema: unknown, required = false) => ({ name, in: "query", required, description, schema });
const nullable = (type: string) => ({ type: [type, "null"] });

const imageReference = {
  type: ["object", "null"],
  properties: { registry: { type: "string" }, repository: { type: "string" }, tag: nullable("string"), digest: nullable("string") },
};

export const RELEASE_SCHEMAS = {
  Diagnostic: {
    type: "object",
    required: ["code", "severity", "message", "line"],
    properties: {
      code: { type: "string", enum: RULE_CODES, description: "The rule; a LintConfig document in the release (`apiVersion: slipway/v1`, `kind: LintConfig`, `rules: {<code>: error|warn|info|off}`) may change its severity or turn it off." },
      severity: { type: "string", enum: ["error", "warning", "info"] },
      message: { type: "string" },
      line: { type: "integer", description: "1-based" },
      column: { type: "integer", description: "1-based" },
      from: { type: "integer", description: "Character offset where the range starts" },
      to: { type: "integer", description: "Character offset where the range ends (exclusive)" },
      fix: {
        type: "object",
        description:
          "A one-click fix the editor applies (`add-pull-secret`, `migrate-api-version`, `add-image-entry`, `remove-image-entry`, `remove-namespace`, `set-pull-policy`, `disable-security-flag`); `label` says what it does.",
      },
    },
  },
  PreviewImage: {
    type: "object",
    properties: {
      image: { type: "string", description: "As written in the release" },
      line: { type: "integer" },
      resource: { type: "object", properties: { kind: { type: "string" }, name: nullable("string"), apiVersion: nullable("string") } },
      container: { type: "object", properties: { name: nullable("string"), field: { type: "string", enum: ["containers", "initContainers", "ephemeralContainers"] }, index: { type: "integer" } } },
      reference: imageReference,
      source: { type: "string", enum: ["replicated", "external", "proxy", "public", "invalid"] },
      externalRegistry: nullable("string"),
      rewritten: { type: "string", description: "What customers' clusters pull" },
      isRewritten: { type: "boolean" },
      isListed: { type: "boolean", description: "Whether `images:` lists the repository" },
      availability: { type: ["object", "null"], properties: { exists: { type: "boolean" }, digest: { type: "string" }, size: { type: "integer" }, message: { type: "string" } } },
    },
  },
  AirgapEntry: {
    type: "object",
    properties: {
      reference: { type: "string" },
      source: { type: "string" },
      origin: { type: "string", enum: ["replicated", "external", "public"] },
      externalRegistry: nullable("string"),
      pullReference: { type: "string" },
      line: { type: "integer" },
      exists: nullable("boolean"),
      digest: nullable("string"),
      size: { type: ["integer", "null"], description: "Total compressed bytes" },
    },
  },
  ReleasePreview: {
    type: "object",
    properties: {
      images: { type: "array", items: ref("PreviewImage") },
      diagnostics: { type: "array", items: ref("Diagnostic") },
      rewritten: { type: "string", description: "The release as customers receive it: its Kubernetes objects only (the release config and LintConfig are left out), external images through the proxy" },
      airgap: { type: "array", items: ref("AirgapEntry") },
      airgapTotalSize: { type: ["integer", "null"], description: "Compressed bytes of this application's airgap images, shared layers once" },
      lookups: { type: "object", description: "Raw look-up results (`replicated`, `external`) keyed by image, for merging into a browser-side preview." },
      ruleLevels: { type: "object", additionalProperties: { type: "string", enum: ["error", "warn", "info", "off"] }, description: "The levels the release's LintConfig document sets, by rule (empty without one)." },
    },
  },
  ChangedTag: {
    type: "object",
    properties: { image: { type: "string", examples: ["myapp/worker:1.0.1"] }, digestAtRelease: nullable("string"), currentDigest: nullable("string") },
  },
  ReleaseSummary: {
    type: "object",
    properties: {
      sequence: { type: "integer" },
      notes: { type: "string" },
      createdAt: { type: "string", format: "date-time" },
      createdBy: { type: "object", properties: { name: { type: "string" }, email: { type: "string" } } },
      imageCount: { type: "integer" },
      sources: { type: "array", items: { type: "string" }, description: "External registries the release's `images:` list uses" },
      changedTags: { type: "array", items: ref("ChangedTag"), description: "Tags of this application pushed again (or deleted) since the release" },
    },
  },
  ReleaseDetail: {
    allOf: [
      ref("ReleaseSummary"),
      {
        type: "object",
        properties: {
          yaml: { type: "string" },
          imageDigests: { type: "object", additionalProperties: nullable("string"), description: "`<repository>:<tag>` → digest at creation (null: not pushed then)" },
          preview: ref("ReleasePreview"),
        },
      },
    ],
  },
  ReleaseInput: {
    type: "object",
    required: ["yaml"],
    properties: { yaml: { type: "string", maxLength: 1048576 }, notes: { type: "string", maxLength: 10000 } },
  },
  ReleaseDraft: {
    type: "object",
    properties: { yaml: { type: "string" }, notes: { type: "string" }, updatedAt: { type: "string", format: "date-time" } },
  },
};

const yamlBody = {
  required: true,
  description: "The release YAML, at most 1 MiB.",
  content: {
    "application/yaml": { schema: { type: "string" } },
    "text/yaml": { schema: { type: "string" } },
    "application/json": { schema: { type: "object", required: ["yaml"], properties: { yaml: { type: "string" } } } },
  },
};

export const RELEASE_PATHS = {
  "/apps/{slug}/releases": {
    get: {
      summary: "List the application's releases, newest first",
      parameters: [SLUG_PARAM, queryParam("limit", "Page size", { type: "integer", minimum: 1, maximum: 100, default: 25 }), queryParam("before", "From the previous page's `nextBefore`", { type: "integer" })],
      responses: {
        "200": jsonResponse("OK", { type: "object", properties: { releases: { type: "array", items: ref("ReleaseSummary") }, nextBefore: nullable("integer") } }),
        ...errors(400, 401, 404),
      },
    },
    post: {
      summary: "Create the next release",
      description: "The preview is recomputed on the server. Refused with `invalid_input` (details list each error diagnostic) while errors remain; warnings are allowed and returned. Clears the draft.",
      parameters: [SLUG_PARAM],
      requestBody: jsonBody(ref("ReleaseInput")),
      responses: {
        "201": jsonResponse("Created", { type: "object", properties: { release: ref("ReleaseDetail"), warnings: { type: "array", items: ref("Diagnostic") } } }),
        ...errors(400, 401, 404, 413),
      },
    },
  },
  "/apps/{slug}/releases/preview": {
    post: {
      summary: "Preview release YAML",
      description:
        "Exactly what the editor renders: images with their sources and rewritten references, diagnostics (every object checked against its Kubernetes schema, or the release's own CRD), the rewritten YAML and the airgap list, with this application's tags looked up. `checkExternal=1` also checks external tags upstream with the stored credentials.",
      parameters: [SLUG_PARAM, queryParam("checkExternal", "Check external images upstream", { type: "string", enum: ["0", "1", "true", "false"] })],
      requestBody: yamlBody,
      responses: { "200": jsonResponse("OK", ref("ReleasePreview")), ...errors(400, 401, 404, 413) },
    },
  },
  "/apps/{slug}/releases/draft": {
    get: {
      summary: "Get the autosaved draft",
      parameters: [SLUG_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { draft: { oneOf: [ref("ReleaseDraft"), { type: "null" }] } } }), ...errors(401, 404) },
    },
    put: {
      summary: "Save the draft",
      parameters: [SLUG_PARAM],
      requestBody: jsonBody(ref("ReleaseInput")),
      responses: { "200": jsonResponse("OK", { type: "object", properties: { draft: ref("ReleaseDraft") } }), ...errors(400, 401, 404, 413) },
    },
  },
  "/apps/{slug}/releases/compare": {
    get: {
      summary: "Line diff between two releases",
      parameters: [SLUG_PARAM, queryParam("from", "The older release", { type: "integer", minimum: 1 }, true), queryParam("to", "The newer release", { type: "integer", minimum: 1 }, true)],
      responses: {
        "200": jsonResponse("OK", {
          type: "object",
          properties: {
            from: { type: "object", properties: { sequence: { type: "integer" }, createdAt: { type: "string", format: "date-time" } } },
            to: { type: "object", properties: { sequence: { type: "integer" }, createdAt: { type: "string", format: "date-time" } } },
            changes: {
              type: "array",
              items: { type: "object", properties: { type: { type: "string", enum: ["equal", "added", "removed"] }, text: { type: "string" }, oldLine: nullable("integer"), newLine: nullable("integer") } },
            },
            added: { type: "integer" },
            removed: { type: "integer" },
          },
        }),
        ...errors(400, 401, 404),
      },
    },
  },
  "/apps/{slug}/releases/{sequence}": {
    get: {
      summary: "Get one release",
      description: "Its YAML and notes, its preview with today's look-ups, and `changedTags`: this application's tags it uses that were pushed again since.",
      parameters: [SLUG_PARAM, SEQUENCE_PARAM],
      responses: { "200": jsonResponse("OK", { type: "object", properties: { release: ref("ReleaseDetail") } }), ...errors(401, 404) },
    },
  },
};
