/** The validator shapes shared by the built-in Kubernetes schemas and CRD schemas. */

/** One schema violation, in the shape ajv reports (the built-in validators are ajv's standalone code). */
export interface SchemaError {
  /** JSON pointer into the object, e.g. `/spec/replicas`. */
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** A compiled validator: returns whether `data` is valid and leaves the violations on `errors`. */
export interface ValidateFunction {
  (data: unknown): boolean;
  errors?: SchemaError[] | null;
}

/** A kubernetes-models schema module. */
export interface SchemaModule {
  validate: (data: unknown) => boolean;
}

/** The validators loaded so far, by `apiVersion/kind` (an immutable snapshot). */
export type KubernetesSchemas = ReadonlyMap<string, ValidateFunction>;
