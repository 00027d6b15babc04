/**
 * The release's own lint settings: a document
 *
 *     apiVersion: slipway/v1
 *     kind: LintConfig
 *     rules:
 *       latest-tag: off
 *       container-resources-missing: error
 *
 * sets rules to error, warn, info or off. The preview, the API and the CLI all read
 * it from the release text, so they agree; like the images: config it is Slipway's,
 * never a Kubernetes object, and never reaches customers.
 */
import { isMap, type ParsedNode } from "./yaml";
import { createDiagnostic } from "./diagnostic";
import type { LineIndex } from "./line-index";
import type { ReleaseDocument } from "./parse-release-stream";
import { isRuleCode, RELEASE_RULES, RULE_CODES } from "./rules";
import type { Diagnostic, DiagnosticCode, RuleLevel } from "./types";
import { describeNode, getValue, isNullNode, readString, resolveNode, type MapNode } from "./yaml-nodes";

export const LINT_CONFIG_API_VERSION = "slipway/v1";
export const LINT_CONFIG_KIND = "LintConfig";

export type RuleLevels = Partial<Record<DiagnosticCode, RuleLevel>>;

const LEVELS: readonly RuleLevel[] = ["error", "warn", "info", "off"];
const SEVERITY_OF_LEVEL = { error: "error", warn: "warning", info: "info" } as const;

/** Reads the levels a LintConfig document sets; bad entries become `invalid-lint-config` errors and are ignored. */
export function readLintConfig(document: ReleaseDocument, root: MapNode, lines: LineIndex): { levels: RuleLevels; diagnostics: Diagnostic[] } {
  const levels: RuleLevels = {};
  const diagnostics: Diagnostic[] = [];
  const report = (message: string, node: ParsedNode) =>
    diagnostics.push(createDiagnostic(lines, "invalid-lint-config", "error", message, [document.offset + node.range[0], document.offset + node.range[1]]));
  const rules = getValue(document, root, "rules");
  if (isNullNode(rules)) return { levels, diagnostics };
  if (!isMap(rules)) {
    report(`rules: must be a mapping of rule to level (for example "latest-tag: off"), not ${describeNode(rules)}.`, rules!);
    return { levels, diagnostics };
  }
  for (const pair of (rules as MapNode).items) {
    const rule = readString(pair.key);
    const valueNode = resolveNode(document, pair.value);
    const level = readString(valueNode);
    if (rule === null || !isRuleCode(rule)) {
      const configurable = RULE_CODES.filter((code) => RELEASE_RULES[code].isConfigurable);
      report(`${rule === null ? describeNode(pair.key) : `"${rule}"`} is not a rule; the rules are ${configurable.join(", ")}.`, pair.key);
    } else if (!RELEASE_RULES[rule].isConfigurable) {
      report(`${rule} cannot be configured: a release with this problem cannot be previewed or installed.`, pair.key);
    } else if (level === null || !(LEVELS as readonly string[]).includes(level)) {
      report(`${rule}: the level must be error, warn, info or off, not ${describeNode(valueNode)}.`, valueNode ?? pair.key);
    } else {
      levels[rule] = level as RuleLevel;
    }
  }
  return { levels, diagnostics };
}

/** Applies configured levels: `off` drops a diagnostic, the others set its severity. */
export function applyRuleLevels(diagnostics: Diagnostic[], levels: RuleLevels): Diagnostic[] {
  if (Object.keys(levels).length === 0) return diagnostics;
  const result: Diagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const level = levels[diagnostic.code];
    if (level === undefined) result.push(diagnostic);
    else if (level !== "off") result.push({ ...diagnostic, severity: SEVERITY_OF_LEVEL[level] });
  }
  return result;
}

/** Whether a mapping document is a LintConfig (by apiVersion and kind, so a custom resource of that name is not). */
export function isLintConfigDocument(document: ReleaseDocument, root: MapNode): boolean {
  return readString(getValue(document, root, "kind")) === LINT_CONFIG_KIND && readString(getValue(document, root, "apiVersion")) === LINT_CONFIG_API_VERSION;
}
