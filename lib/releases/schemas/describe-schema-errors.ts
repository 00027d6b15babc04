/**
 * Schema violations in plain words, each pointing at the field it is about:
 * "spec.replicas must be an integer", "spec.selector is required",
 * "spec.tmplate is not a field of this object (did you mean template?)".
 * Alternatives ajv reports separately (an int-or-string that is neither, a quantity)
 * become one sentence.
 */
import type { NodePath } from "../types";
import type { SchemaError } from "./schema-types";

export interface SchemaProblem {
  /** The node the problem is about: a field (by its key or value) or, for a missing field, its parent. */
  path: NodePath;
  at: "key" | "value";
  message: string;
  /** Whether the caller should say what the value is (", not the text "two""). */
  describesValue: boolean;
}

const TYPE_WORDS: Record<string, string> = {
  integer: "an integer",
  number: "a number",
  string: "text",
  boolean: "true or false",
  object: "a mapping",
  array: "a list",
  null: "empty",
};

const FORMAT_WORDS: Record<string, string> = {
  quantity: "a quantity such as 500m, 2 or 128Mi",
  "int-or-string": "an integer or text",
  "date-time": "a date and time such as 2026-01-31T12:00:00Z",
  byte: "base64-encoded data",
  int32: "a 32-bit integer",
  int64: "a 64-bit integer",
};

const IGNORED_WITH_OTHERS = new Set(["oneOf", "anyOf", "if"]);

/** Words every violation; problems come in the order ajv found them, one per field and kind of problem. */
export function describeSchemaErrors(errors: readonly SchemaError[]): SchemaProblem[] {
  const byPointer = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const group = byPointer.get(error.instancePath);
    if (group) group.push(error);
    else byPointer.set(error.instancePath, [error]);
  }
  const problems: SchemaProblem[] = [];
  for (const [pointer, group] of byPointer) {
    const path = parsePointer(pointer);
    for (const error of group) {
      if (error.keyword === "required") {
        const missing = String(error.params.missingProperty);
        problems.push({ path, at: "key", message: `${formatFieldPath([...path, missing])} is required`, describesValue: false });
      } else if (error.keyword === "additionalProperties") {
        const key = String(error.params.additionalProperty);
        const suggestion = suggestField(key, (error.params.known as string[] | undefined) ?? []);
        const hint = suggestion ? ` (did you mean ${suggestion}?)` : "";
        problems.push({ path: [...path, key], at: "key", message: `${formatFieldPath([...path, key])} is not a field of this object${hint}`, describesValue: false });
      }
    }
    const valueErrors = group.filter((error) => error.keyword !== "required" && error.keyword !== "additionalProperties");
    const sentence = describeValueErrors(valueErrors);
    if (sentence) problems.push({ path, at: "value", message: `${formatFieldPath(path)} ${sentence}`, describesValue: true });
  }
  return problems;
}

function describeValueErrors(errors: readonly SchemaError[]): string | null {
  if (errors.length === 0) return null;
  const format = errors.find((error) => error.keyword === "format");
  if (format) {
    const name = String(format.params.format);
    return `must be ${FORMAT_WORDS[name] ?? `a valid ${name}`}`;
  }
  const types = errors.filter((error) => error.keyword === "type").flatMap((error) => [error.params.type].flat().map(String));
  if (types.length > 0) return `must be ${[...new Set(types)].map((type) => TYPE_WORDS[type] ?? type).join(" or ")}`;
  const specific = errors.filter((error) => !IGNORED_WITH_OTHERS.has(error.keyword));
  if (specific.length === 0) return "does not match any of the forms Kubernetes allows here";
  return specific.map(describeKeyword).join(", and ");
}

function describeKeyword(error: SchemaError): string {
  const { params } = error;
  switch (error.keyword) {
    case "enum":
      return `must be one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`;
    case "const":
      return `must be ${JSON.stringify(params.allowedValue)}`;
    case "pattern":
      return `must match the pattern ${String(params.pattern)}`;
    case "minimum":
    case "exclusiveMinimum":
      return `must be at least ${String(params.limit)}${error.keyword === "exclusiveMinimum" ? " (exclusive)" : ""}`;
    case "maximum":
    case "exclusiveMaximum":
      return `must be at most ${String(params.limit)}${error.keyword === "exclusiveMaximum" ? " (exclusive)" : ""}`;
    case "minLength":
      return `must have at least ${String(params.limit)} characters`;
    case "maxLength":
      return `must have at most ${String(params.limit)} characters`;
    case "minItems":
      return `must have at least ${String(params.limit)} entries`;
    case "maxItems":
      return `must have at most ${String(params.limit)} entries`;
    case "uniqueItems":
      return "must not repeat an entry";
    case "not":
      return "has a value Kubernetes does not allow here";
    default:
      return `is not valid (${error.keyword})`;
  }
}

/** `/spec/template/spec/containers/0` → `["spec", "template", "spec", "containers", 0]`. */
export function parsePointer(pointer: string): NodePath {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"))
    .map((segment) => (/^(0|[1-9]\d*)$/.test(segment) ? Number(segment) : segment));
}

/** `spec.containers[0].ports[0].containerPort`; keys that are not plain words are bracketed: `labels["app.kubernetes.io/name"]`. */
export function formatFieldPath(path: NodePath): string {
  let text = "";
  for (const segment of path) {
    if (typeof segment === "number") text += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(segment)) text += text === "" ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text || "the object";
}

/** The known field a misspelt one most likely meant: same letters ignoring case, or at most two edits away. */
function suggestField(key: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Math.min(2, Math.floor(key.length / 3));
  for (const candidate of known) {
    if (candidate.toLowerCase() === key.toLowerCase()) return candidate;
    const distance = editDistance(key, candidate);
    if (distance <= bestDistance) {
      best = candidate;
      bestDistance = distance - 1;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
