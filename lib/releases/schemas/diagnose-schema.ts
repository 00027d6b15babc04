/**
 * Schema rules for one Kubernetes object: `invalid-kubernetes-object` errors at the
 * offending field, and `unknown-kind` when neither Kubernetes nor a CRD in the release
 * defines the kind. A built-in kind whose validator has not loaded yet is skipped
 * (the browser previews again once it has).
 */
import type { ParsedNode } from "../yaml";
import { createDiagnostic } from "../diagnostic";
import { LINT_CONFIG_API_VERSION, LINT_CONFIG_KIND } from "../lint-config";
import type { LineIndex } from "../line-index";
import { locateNode } from "../locate-node";
import type { ReleaseDocument } from "../parse-release-stream";
import type { ResourceInfo } from "../read-resource";
import type { Diagnostic } from "../types";
import { describeNode, type MapNode } from "../yaml-nodes";
import { describeSchemaErrors, type SchemaProblem } from "./describe-schema-errors";
import { SCHEMA_LOADERS } from "./kubernetes-kinds";
import { formatSchemaKey, hasBuiltInSchema, KUBERNETES_VERSION } from "./load-schemas";
import { runValidator } from "./run-validator";
import type { KubernetesSchemas, SchemaError, ValidateFunction } from "./schema-types";
import { toPlainValue } from "./to-plain-value";

/** More problems than this in one object are summed up in one last diagnostic. */
const MAX_PROBLEMS_PER_OBJECT = 10;

/**
 * Violations per parsed document and validator. Parsed documents are cached by their
 * text (parse-release-stream), so while the vendor types only the edited document is
 * validated again.
 */
const errorsByDocument = new WeakMap<object, { validate: ValidateFunction; errors: SchemaError[] }>();

export interface SchemaSources {
  builtIn: KubernetesSchemas;
  /** Kinds the release's own CRDs define (null: a version without a schema). */
  custom: ReadonlyMap<string, ValidateFunction | null>;
}

/** Diagnostics for `resource` (the mapping `root` of `document`); `skipLines` already carry a more specific error. */
export function diagnoseSchema(
  document: ReleaseDocument,
  root: MapNode,
  resource: ResourceInfo,
  sources: SchemaSources,
  lines: LineIndex,
  skipLines: ReadonlySet<number>,
): Diagnostic[] {
  if (resource.apiVersion === null) return [];
  const key = formatSchemaKey(resource.apiVersion, resource.kind);
  const isBuiltIn = hasBuiltInSchema(key);
  if (!isBuiltIn && !sources.custom.has(key)) return [createDiagnostic(lines, "unknown-kind", "warning", explainUnknownKind(resource), resource.headerRange)];
  const validate = isBuiltIn ? sources.builtIn.get(key) : sources.custom.get(key);
  if (!validate) return [];
  let cached = errorsByDocument.get(document.doc);
  if (cached?.validate !== validate) {
    const value = toPlainValue(document, root);
    const errors = isBuiltIn ? runValidator(validate, value) : validate(value) ? [] : [...(validate.errors ?? [])];
    cached = { validate, errors };
    errorsByDocument.set(document.doc, cached);
  }
  const { errors } = cached;
  const diagnostics: Diagnostic[] = [];
  for (const problem of describeSchemaErrors(errors)) {
    const diagnostic = toDiagnostic(document, root, resource, problem, lines);
    if (!skipLines.has(diagnostic.line)) diagnostics.push(diagnostic);
  }
  if (diagnostics.length <= MAX_PROBLEMS_PER_OBJECT) return diagnostics;
  const more = diagnostics.length - MAX_PROBLEMS_PER_OBJECT + 1;
  const summary = createDiagnostic(lines, "invalid-kubernetes-object", "error", `${describe(resource)} has ${more} more schema problems; fix the ones above first.`, resource.headerRange);
  return [...diagnostics.slice(0, MAX_PROBLEMS_PER_OBJECT - 1), summary];
}

function toDiagnostic(document: ReleaseDocument, root: MapNode, resource: ResourceInfo, problem: SchemaProblem, lines: LineIndex): Diagnostic {
  const located = locateNode(document, root, problem.path);
  const isWhole = located.depth < problem.path.length || (located.keyNode === null && located.depth === 0);
  const node: ParsedNode | null = problem.at === "key" ? (located.keyNode ?? located.valueNode) : (located.valueNode ?? located.keyNode);
  const range: [number, number] = isWhole || !node ? resource.headerRange : [document.offset + node.range[0], document.offset + node.range[1]];
  const value = problem.describesValue && located.depth === problem.path.length ? `, not ${describeNode(located.valueNode)}` : "";
  return createDiagnostic(lines, "invalid-kubernetes-object", "error", `${describe(resource)}: ${problem.message}${value}.`, range);
}

function explainUnknownKind(resource: ResourceInfo): string {
  const { kind, apiVersion } = resource;
  const served = Object.keys(SCHEMA_LOADERS)
    .filter((key) => key.endsWith(`/${kind}`))
    .map((key) => key.slice(0, -kind.length - 1));
  if (served.length > 0) {
    return `Kubernetes ${KUBERNETES_VERSION} has no ${kind} in ${apiVersion}; it serves ${kind} as ${served.join(", ")}. Its fields are not checked until the apiVersion is corrected.`;
  }
  const lintHint = kind === LINT_CONFIG_KIND ? ` Slipway's own LintConfig uses apiVersion: ${LINT_CONFIG_API_VERSION}.` : "";
  return `Kubernetes ${KUBERNETES_VERSION} has no kind ${kind} in ${apiVersion}, and the release has no CustomResourceDefinition for it, so its fields are not checked. That is expected when customers install its operator first; a LintConfig can turn unknown-kind off.${lintHint}`;
}

function describe(resource: ResourceInfo): string {
  return resource.name ? `${resource.kind} "${resource.name}"` : `This ${resource.kind}`;
}
