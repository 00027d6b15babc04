/**
 * Response schemas of the release routes: the live preview (images, diagnostics, the
 * rewritten YAML, the airgap list), releases and the draft. Each is checked against the
 * lib type the handler returns (`describing`), so the document cannot drift from it.
 */
import { z } from "zod";
import type { CreatedRelease, PreviewResponse, ReleaseDetail, ReleaseDraftView, ReleaseSummary } from "@/lib/release-store/types";
import type { ReleaseComparison } from "@/lib/release-store/compare-releases";
import type { ReleasePage } from "@/lib/release-store/list-releases";
import { RULE_CODES, type DiagnosticCode } from "@/lib/releases";
import type { Diagnostic } from "@/lib/releases";
import { describing } from "./contract";

const diagnosticCode = z.enum(RULE_CODES as [DiagnosticCode, ...DiagnosticCode[]]);
const ruleLevel = z.enum(["error", "warn", "info", "off"]);
const nodePath = z.array(z.union([z.string(), z.number()]));

const fixSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("add-pull-secret"), label: z.string(), document: z.number().int(), path: z.array(z.string()) }),
    z.object({ kind: z.literal("migrate-api-version"), label: z.string(), document: z.number().int(), from: z.string(), to: z.string() }),
    z.object({ kind: z.literal("add-image-entry"), label: z.string(), source: z.string(), name: z.string(), tag: z.string() }),
    z.object({ kind: z.literal("remove-image-entry"), label: z.string(), reference: z.string() }),
    z.object({ kind: z.literal("remove-namespace"), label: z.string(), document: z.number().int() }),
    z.object({ kind: z.literal("set-pull-policy"), label: z.string(), document: z.number().int(), path: nodePath }),
    z.object({ kind: z.literal("disable-security-flag"), label: z.string(), document: z.number().int(), path: nodePath, field: z.enum(["privileged", "allowPrivilegeEscalation"]) }),
  ])
  .meta({ id: "ReleaseFix", description: "A one-click fix the editor applies; `label` says what it does." });

export const diagnosticSchema = describing<Diagnostic>()(
  z
    .object({
      code: diagnosticCode.meta({
        description: "The rule; a LintConfig document in the release (`apiVersion: slipway/v1`, `kind: LintConfig`, `rules: {<code>: error|warn|info|off}`) may change its severity or turn it off.",
      }),
      severity: z.enum(["error", "warning", "info"]),
      message: z.string(),
      line: z.number().int().meta({ description: "1-based" }),
      column: z.number().int().optional().meta({ description: "1-based" }),
      from: z.number().int().optional().meta({ description: "Character offset where the range starts" }),
      to: z.number().int().optional().meta({ description: "Character offset where the range ends (exclusive)" }),
      fix: fixSchema.optional(),
    })
    .meta({ id: "Diagnostic" }),
);

const imageReference = z.object({ registry: z.string(), repository: z.string(), tag: z.string().nullable(), digest: z.string().nullable() });

const previewImageSchema = z
  .object({
    image: z.string().meta({ description: "As written in the release" }),
    line: z.number().int(),
    column: z.number().int(),
    from: z.number().int(),
    to: z.number().int(),
    document: z.number().int(),
    resource: z.object({ kind: z.string(), name: z.string().nullable(), apiVersion: z.string().nullable() }),
    container: z.object({ name: z.string().nullable(), field: z.enum(["containers", "initContainers", "ephemeralContainers"]), index: z.number().int() }),
    reference: imageReference.nullable(),
    source: z.enum(["replicated", "external", "proxy", "public", "invalid"]),
    externalRegistry: z.string().nullable(),
    rewritten: z.string().meta({ description: "What customers' clusters pull" }),
    isRewritten: z.boolean(),
    isListed: z.boolean().meta({ description: "Whether `images:` lists the repository" }),
    lookupKey: z.string().nullable(),
    availability: z.object({ exists: z.boolean(), digest: z.string().optional(), size: z.number().int().optional(), message: z.string().optional() }).nullable(),
  })
  .meta({ id: "PreviewImage" });

const airgapEntrySchema = z
  .object({
    reference: z.string(),
    source: z.string(),
    origin: z.enum(["replicated", "external", "public"]),
    externalRegistry: z.string().nullable(),
    pullReference: z.string(),
    line: z.number().int(),
    lookupKey: z.string().nullable(),
    exists: z.boolean().nullable(),
    digest: z.string().nullable(),
    size: z.number().int().nullable().meta({ description: "Total compressed bytes" }),
  })
  .meta({ id: "AirgapEntry" });

const lookupsSchema = z
  .object({
    replicated: z.record(z.string(), z.object({ digest: z.string(), size: z.number().int(), blobs: z.array(z.object({ digest: z.string(), size: z.number().int() })).optional() }).nullable()).optional(),
    external: z.record(z.string(), z.object({ exists: z.boolean(), message: z.string().optional() })).optional(),
  })
  .meta({ description: "Raw look-up results keyed by image, for merging into a browser-side preview." });

export const previewSchema = describing<PreviewResponse>()(
  z
    .object({
      images: z.array(previewImageSchema),
      diagnostics: z.array(diagnosticSchema),
      rewritten: z.string().meta({
        description: "The release as customers receive it: its Kubernetes objects only (the release config and LintConfig are left out), external images through the proxy",
      }),
      airgap: z.array(airgapEntrySchema),
      airgapTotalSize: z.number().int().nullable().meta({ description: "Compressed bytes of this application's airgap images, shared layers once" }),
      lookups: lookupsSchema,
      ruleLevels: z.partialRecord(diagnosticCode, ruleLevel).meta({ description: "The levels the release's LintConfig document sets, by rule (empty without one)." }),
    })
    .meta({ id: "ReleasePreview" }),
);

const changedTagSchema = z
  .object({ image: z.string().meta({ examples: ["myapp/worker:1.0.1"] }), digestAtRelease: z.string().nullable(), currentDigest: z.string().nullable() })
  .meta({ id: "ChangedTag" });

const releaseSummaryShape = {
  sequence: z.number().int(),
  notes: z.string(),
  createdAt: z.iso.datetime(),
  createdBy: z.object({ name: z.string(), email: z.string() }),
  imageCount: z.number().int(),
  sources: z.array(z.string()).meta({ description: "External registries the release's `images:` list uses" }),
  changedTags: z.array(changedTagSchema).meta({ description: "Tags of this application pushed again (or deleted) since the release" }),
};

export const releaseSummarySchema = describing<ReleaseSummary>()(z.object(releaseSummaryShape).meta({ id: "ReleaseSummary" }));

export const releaseDetailSchema = describing<ReleaseDetail>()(
  z
    .object({
      ...releaseSummaryShape,
      yaml: z.string(),
      imageDigests: z.record(z.string(), z.string().nullable()).meta({ description: "`<repository>:<tag>` → digest at creation (null: not pushed then)" }),
      preview: previewSchema,
    })
    .meta({ id: "ReleaseDetail" }),
);

export const releasePageSchema = describing<ReleasePage>()(z.object({ releases: z.array(releaseSummarySchema), nextBefore: z.number().int().nullable() }));

export const createdReleaseSchema = describing<CreatedRelease>()(z.object({ release: releaseDetailSchema, warnings: z.array(diagnosticSchema) }));

export const releaseDraftSchema = describing<ReleaseDraftView>()(z.object({ yaml: z.string(), notes: z.string(), updatedAt: z.iso.datetime() }).meta({ id: "ReleaseDraft" }));

const releaseEnd = z.object({ sequence: z.number().int(), createdAt: z.iso.datetime() });
export const releaseComparisonSchema = describing<ReleaseComparison>()(
  z.object({
    from: releaseEnd,
    to: releaseEnd,
    changes: z.array(z.object({ type: z.enum(["equal", "added", "removed"]), text: z.string(), oldLine: z.number().int().nullable(), newLine: z.number().int().nullable() })),
    added: z.number().int(),
    removed: z.number().int(),
  }),
);
