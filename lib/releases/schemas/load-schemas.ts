/**
 * Loading the built-in Kubernetes schemas on demand. Each kind's validator is a
 * separate module (a separate chunk in the browser), imported the first time a
 * release uses that kind and kept for the life of the page or process.
 */
import { isMap } from "../yaml";
import { parseReleaseStream } from "../parse-release-stream";
import { getValue, readString, type MapNode } from "../yaml-nodes";
import { SCHEMA_LOADERS } from "./kubernetes-kinds";
import type { KubernetesSchemas, ValidateFunction } from "./schema-types";

/** The Kubernetes release whose OpenAPI schemas kubernetes-models 5.x ships (its changelog); named in messages. */
export const KUBERNETES_VERSION = "1.36";

const loaded = new Map<string, ValidateFunction>();
const inFlight = new Map<string, Promise<void>>();
let snapshot: KubernetesSchemas = new Map();

/** The key of a kind in the schema tables: `apiVersion/kind`, e.g. `apps/v1/Deployment`. */
export function formatSchemaKey(apiVersion: string, kind: string): string {
  return `${apiVersion}/${kind}`;
}

/** Whether Kubernetes (as kubernetes-models ships it) has a schema for this kind. */
export function hasBuiltInSchema(key: string): boolean {
  return Object.hasOwn(SCHEMA_LOADERS, key);
}

/** The built-in kinds a release's documents use, each once, in order of appearance. */
export function listSchemaKeys(yamlText: string): string[] {
  const keys = new Set<string>();
  for (const document of parseReleaseStream(yamlText).documents) {
    const root = document.doc.contents;
    if (!document.isUsable || !isMap(root)) continue;
    const apiVersion = readString(getValue(document, root as MapNode, "apiVersion"));
    const kind = readString(getValue(document, root as MapNode, "kind"));
    if (apiVersion === null || kind === null) continue;
    const key = formatSchemaKey(apiVersion, kind);
    if (hasBuiltInSchema(key)) keys.add(key);
  }
  return [...keys];
}

/** The validators loaded so far; a new snapshot object whenever more have loaded. */
export function getLoadedSchemas(): KubernetesSchemas {
  return snapshot;
}

/** Loads the validators of `keys` (unknown keys are ignored) and returns the new snapshot; rejects when a module fails to load. */
export async function loadKubernetesSchemas(keys: readonly string[]): Promise<KubernetesSchemas> {
  const missing = keys.filter((key) => !loaded.has(key) && hasBuiltInSchema(key));
  if (missing.length === 0) return snapshot;
  await Promise.all(missing.map(loadOne));
  snapshot = new Map(loaded);
  return snapshot;
}

function loadOne(key: string): Promise<void> {
  let promise = inFlight.get(key);
  if (!promise) {
    promise = SCHEMA_LOADERS[key]()
      .then((module) => {
        loaded.set(key, module.validate as ValidateFunction);
      })
      .finally(() => inFlight.delete(key));
    inFlight.set(key, promise);
  }
  return promise;
}
