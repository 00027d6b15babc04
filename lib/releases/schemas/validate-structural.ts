/**
 * Validation against a CustomResourceDefinition's `openAPIV3Schema`: the structural
 * subset Kubernetes accepts for CRDs (types, properties, required, items,
 * additionalProperties, enum, bounds, pattern, nullable, the x-kubernetes-int-or-string
 * and x-kubernetes-preserve-unknown-fields extensions, and allOf/anyOf/oneOf/not of
 * value checks). Fields the schema does not declare are reported as unknown, as
 * `kubectl apply` does with strict field validation. Errors use ajv's shape so one
 * translator words them for both built-in and custom kinds.
 */
import { escapePointer } from "./run-validator";
import type { SchemaError, ValidateFunction } from "./schema-types";

export interface StructuralSchema {
  type?: string;
  nullable?: boolean;
  properties?: Record<string, StructuralSchema>;
  required?: string[];
  additionalProperties?: boolean | StructuralSchema;
  items?: StructuralSchema;
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minLength?: number;
  maxLength?: number;
  minItems?: number;
  maxItems?: number;
  allOf?: StructuralSchema[];
  anyOf?: StructuralSchema[];
  oneOf?: StructuralSchema[];
  not?: StructuralSchema;
  "x-kubernetes-int-or-string"?: boolean;
  "x-kubernetes-preserve-unknown-fields"?: boolean;
  "x-kubernetes-embedded-resource"?: boolean;
}

/** Fields every object has, whatever its CRD schema says. */
const OBJECT_ROOT_FIELDS = ["apiVersion", "kind", "metadata"];

/** A validator for objects of the custom kind that `schema` describes. */
export function compileStructuralSchema(schema: StructuralSchema): ValidateFunction {
  const validate: ValidateFunction = (data) => {
    const errors: SchemaError[] = [];
    check(schema, data, "", errors, true);
    validate.errors = errors.length > 0 ? errors : null;
    return errors.length === 0;
  };
  return validate;
}

function check(schema: StructuralSchema, value: unknown, pointer: string, errors: SchemaError[], isRoot = false): void {
  const error = (keyword: string, params: Record<string, unknown> = {}) => errors.push({ instancePath: pointer, keyword, params });
  if (value === null) {
    if (!schema.nullable && schema.type !== undefined && !isRoot) error("type", { type: schema.type });
    return;
  }
  if (schema["x-kubernetes-int-or-string"]) {
    if (typeof value !== "string" && !Number.isInteger(value)) error("type", { type: ["integer", "string"] });
  } else if (schema.type !== undefined && !hasType(value, schema.type)) {
    error("type", { type: schema.type });
    return;
  }
  checkValue(schema, value, error);
  for (const sub of schema.allOf ?? []) check(sub, value, pointer, errors);
  if (schema.anyOf && !schema.anyOf.some((sub) => isValid(sub, value))) error("anyOf");
  if (schema.oneOf && schema.oneOf.filter((sub) => isValid(sub, value)).length !== 1) error("oneOf");
  if (schema.not && isValid(schema.not, value)) error("not");
  if (Array.isArray(value)) {
    if (schema.items) value.forEach((item, index) => check(schema.items!, item, `${pointer}/${index}`, errors));
  } else if (typeof value === "object") {
    checkObject(schema, value as Record<string, unknown>, pointer, errors, isRoot || schema["x-kubernetes-embedded-resource"] === true);
  }
}

function checkObject(schema: StructuralSchema, object: Record<string, unknown>, pointer: string, errors: SchemaError[], hasObjectRoot: boolean): void {
  for (const name of schema.required ?? []) {
    if (object[name] === undefined) errors.push({ instancePath: pointer, keyword: "required", params: { missingProperty: name } });
  }
  const properties = schema.properties ?? {};
  const extra = schema.additionalProperties;
  const isOpen = schema["x-kubernetes-preserve-unknown-fields"] === true || extra === true;
  for (const [key, child] of Object.entries(object)) {
    const at = `${pointer}/${escapePointer(key)}`;
    if (Object.hasOwn(properties, key)) check(properties[key], child, at, errors);
    else if (typeof extra === "object") check(extra, child, at, errors);
    else if (hasObjectRoot && OBJECT_ROOT_FIELDS.includes(key)) continue;
    else if (!isOpen) errors.push({ instancePath: pointer, keyword: "additionalProperties", params: { additionalProperty: key, known: Object.keys(properties) } });
  }
}

function checkValue(schema: StructuralSchema, value: unknown, error: (keyword: string, params?: Record<string, unknown>) => void): void {
  if (schema.enum && !schema.enum.some((allowed) => allowed === value)) error("enum", { allowedValues: schema.enum });
  if (typeof value === "number") {
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) error("minimum", { limit: schema.minimum });
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) error("maximum", { limit: schema.maximum });
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && [...value].length < schema.minLength) error("minLength", { limit: schema.minLength });
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) error("maxLength", { limit: schema.maxLength });
    if (schema.pattern !== undefined && !matches(schema.pattern, value)) error("pattern", { pattern: schema.pattern });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) error("minItems", { limit: schema.minItems });
    if (schema.maxItems !== undefined && value.length > schema.maxItems) error("maxItems", { limit: schema.maxItems });
  }
}

function isValid(schema: StructuralSchema, value: unknown): boolean {
  const errors: SchemaError[] = [];
  check(schema, value, "", errors);
  return errors.length === 0;
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case "object":
      return typeof value === "object" && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "boolean":
      return typeof value === "boolean";
    default:
      return true;
  }
}

/** A pattern the vendor's CRD gives; one JavaScript cannot compile is not enforced. */
function matches(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return true;
  }
}
