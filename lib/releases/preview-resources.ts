/**
 * The Kubernetes objects of a release: each one read, its pod template's images
 * previewed, and every per-object rule run (namespace, apiVersion, pod security and
 * resources, secrets, schema), then duplicates across objects.
 */
import type { NormalizedContext } from "./classify-image";
import { diagnoseDuplicates } from "./diagnose-duplicates";
import { diagnosePodSpec } from "./diagnose-pod-spec";
import { diagnoseApiVersion, diagnoseNamespace } from "./diagnose-resource";
import { diagnoseSecrets } from "./diagnose-secrets";
import type { ParsedRelease } from "./parse-release-stream";
import type { MapDocument } from "./partition-documents";
import { previewPodTemplate, type ListedImages } from "./preview-pod-template";
import { readResource, type ResourceInfo } from "./read-resource";
import { diagnoseSchema, type SchemaSources } from "./schemas/diagnose-schema";
import { readCustomKinds } from "./schemas/read-crds";
import type { KubernetesSchemas } from "./schemas/schema-types";
import type { TextEdit } from "./text-edits";
import type { Diagnostic, PreviewImage } from "./types";

export interface ResourcesPreview {
  images: PreviewImage[];
  edits: TextEdit[];
  diagnostics: Diagnostic[];
  /** `registry/repository` of every valid image used, to find unused `images:` entries. */
  usedKeys: Set<string>;
}

interface ResourcesInput {
  context: NormalizedContext;
  listed: ListedImages;
  schemas?: KubernetesSchemas;
}

/** Previews every object; never throws on user input. */
export function previewResources(parsed: ParsedRelease, resources: readonly MapDocument[], input: ResourcesInput): ResourcesPreview {
  const result: ResourcesPreview = { images: [], edits: [], diagnostics: [], usedKeys: new Set() };
  const sources: SchemaSources | null = input.schemas ? { builtIn: input.schemas, custom: readCustomKinds(resources) } : null;
  const infos: ResourceInfo[] = [];
  for (const { document, map } of resources) {
    const read = readResource(document, map, parsed.lines);
    result.diagnostics.push(...read.diagnostics);
    if (!read.resource) continue;
    infos.push(read.resource);
    const pod = read.template
      ? previewPodTemplate(read.template, input.context, input.listed, parsed.text, parsed.lines)
      : { images: [], matchKeys: [], diagnostics: [], edits: [] };
    result.images.push(...pod.images);
    result.edits.push(...pod.edits);
    pod.matchKeys.forEach((key) => result.usedKeys.add(key));
    const apiVersion = diagnoseApiVersion(read.resource, pod.images, parsed.lines);
    const found = [...pod.diagnostics, diagnoseNamespace(read.resource, parsed.lines), apiVersion].filter((entry): entry is Diagnostic => entry !== null);
    if (read.template) found.push(...diagnosePodSpec(document, read.template, parsed.lines));
    found.push(...diagnoseSecrets(document, map, parsed.lines));
    // A workload in an apiVersion the rewriter does not know already says so; unknown-kind would repeat it.
    if (sources && !apiVersion) {
      const skipLines = new Set([...read.diagnostics, ...pod.diagnostics].filter((entry) => entry.severity === "error").map((entry) => entry.line));
      found.push(...diagnoseSchema(document, map, read.resource, sources, parsed.lines, skipLines));
    }
    result.diagnostics.push(...found);
  }
  result.diagnostics.push(...diagnoseDuplicates(infos, parsed.lines));
  return result;
}
