/**
 * Runs a built-in Kubernetes validator and also finds unknown fields, which the
 * Kubernetes OpenAPI schemas allow but `kubectl apply` (strict field validation)
 * refuses.
 *
 * The validators are ajv's standalone code: for every object schema they read each
 * declared property (`data.replicas`, `data.selector`, ...) whether it is set or not,
 * and they enumerate the keys of map-like objects (labels, resources.limits). So the
 * validator is run once over a Proxy that records, per object path, which keys it
 * read and whether it enumerated the object:
 * - keys present in an object but never read are unknown fields;
 * - an enumerated object is a map (any key allowed);
 * - an object of which nothing was read is free-form (no declared properties).
 * What is learned is cached per validator and path (list indexes as `*`), because the
 * schema decides it, not the document; later documents of the same kind are checked
 * with the plain (fast) validator against that knowledge, and the Proxy runs again
 * only when a document has an object at a path not seen before.
 */
import type { SchemaError, ValidateFunction } from "./schema-types";

interface FieldUse {
  read: Set<string>;
  isMap: boolean;
}

type Knowledge = Map<string, FieldUse>;

const knowledgeByValidator = new WeakMap<ValidateFunction, Knowledge>();

/**
 * Where kubernetes-models' schemas are incomplete: a CRD's openAPIV3Schema (its
 * JSONSchemaProps leave out `description` and every `x-kubernetes-*` extension).
 * Unknown fields are not reported there.
 */
const INCOMPLETE_SHAPES = /\/openAPIV3Schema(?:\/|$)/;

/** The validator's errors for `value`, plus one `additionalProperties` error per unknown field. */
export function runValidator(validate: ValidateFunction, value: unknown): SchemaError[] {
  let knowledge = knowledgeByValidator.get(validate);
  if (!knowledge) knowledgeByValidator.set(validate, (knowledge = new Map()));
  const objects = listObjects(value);
  const isKnown = objects.every(({ shape }) => knowledge.has(shape));
  let errors: SchemaError[];
  if (isKnown) {
    errors = validate(value) ? [] : [...(validate.errors ?? [])];
  } else {
    const recorded: Knowledge = new Map();
    errors = validate(track(value, "", recorded)) ? [] : [...(validate.errors ?? [])];
    for (const [shape, use] of recorded) {
      const earlier = knowledge.get(shape);
      if (!earlier) knowledge.set(shape, use);
      else {
        use.read.forEach((key) => earlier.read.add(key));
        earlier.isMap ||= use.isMap;
      }
    }
  }
  for (const { pointer, shape, object } of objects) {
    const use = knowledge.get(shape);
    if (!use || use.isMap || use.read.size === 0 || INCOMPLETE_SHAPES.test(shape)) continue;
    for (const key of Object.keys(object)) {
      if (!use.read.has(key)) errors.push({ instancePath: pointer, keyword: "additionalProperties", params: { additionalProperty: key, known: [...use.read] } });
    }
  }
  return errors;
}

interface ObjectAt {
  /** JSON pointer of the object. */
  pointer: string;
  /** The pointer with list indexes replaced by `*`: what the schema sees. */
  shape: string;
  object: Record<string, unknown>;
}

function listObjects(value: unknown, pointer = "", shape = "", found: ObjectAt[] = []): ObjectAt[] {
  if (value === null || typeof value !== "object") return found;
  if (Array.isArray(value)) {
    value.forEach((item, index) => listObjects(item, `${pointer}/${index}`, `${shape}/*`, found));
    return found;
  }
  const object = value as Record<string, unknown>;
  found.push({ pointer, shape, object });
  for (const key of Object.keys(object)) listObjects(object[key], `${pointer}/${escapePointer(key)}`, `${shape}/${escapePointer(key)}`, found);
  return found;
}

/** Wraps `value` so reads are recorded in `recorded` under their shape path. */
function track(value: unknown, shape: string, recorded: Knowledge): unknown {
  if (value === null || typeof value !== "object") return value;
  const isArray = Array.isArray(value);
  let use = recorded.get(shape);
  if (!isArray && !use) recorded.set(shape, (use = { read: new Set(), isMap: false }));
  const children = new Map<string, unknown>();
  return new Proxy(value as object, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== "string") return child;
      if (!isArray) use!.read.add(key);
      if (child === null || typeof child !== "object" || !Object.hasOwn(target, key)) return child;
      let wrapped = children.get(key);
      if (wrapped === undefined) {
        wrapped = track(child, `${shape}/${isArray ? "*" : escapePointer(key)}`, recorded);
        children.set(key, wrapped);
      }
      return wrapped;
    },
    has(target, key) {
      if (typeof key === "string" && !isArray) use!.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      if (!isArray) use!.isMap = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** JSON pointer escaping (RFC 6901), as ajv writes instance paths. */
export function escapePointer(key: string): string {
  if (!key.includes("~") && !key.includes("/")) return key;
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}
