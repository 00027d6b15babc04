/**
 * CustomResourceDefinitions in the release itself: their schemas validate the custom
 * objects the same release ships, so an operator's CRD and its first resource can be
 * checked together before any cluster has seen either.
 */
import { isMap, isSeq } from "../yaml";
import type { ReleaseDocument } from "../parse-release-stream";
import { getMapAt, getValue, readString, resolveNode, type MapNode } from "../yaml-nodes";
import { formatSchemaKey } from "./load-schemas";
import type { ValidateFunction } from "./schema-types";
import { toPlainValue } from "./to-plain-value";
import { compileStructuralSchema, type StructuralSchema } from "./validate-structural";

const CRD_API_VERSIONS = new Set(["apiextensions.k8s.io/v1", "apiextensions.k8s.io/v1beta1"]);

/** The custom kinds the release defines, by `group/version/kind`; a version without a schema accepts any fields. */
export function readCustomKinds(resources: readonly { document: ReleaseDocument; map: MapNode }[]): Map<string, ValidateFunction | null> {
  const kinds = new Map<string, ValidateFunction | null>();
  for (const { document, map } of resources) {
    if (readString(getValue(document, map, "kind")) !== "CustomResourceDefinition") continue;
    if (!CRD_API_VERSIONS.has(readString(getValue(document, map, "apiVersion")) ?? "")) continue;
    const spec = getMapAt(document, map, ["spec"]);
    const group = spec ? readString(getValue(document, spec, "group")) : null;
    const kind = spec ? readString(getValue(document, getMapAt(document, spec, ["names"]) ?? spec, "kind")) : null;
    if (!spec || !group || !kind) continue;
    // v1beta1 CRDs may give one schema for every version under spec.validation.
    const shared = getMapAt(document, spec, ["validation", "openAPIV3Schema"]);
    for (const { name, schema } of readVersions(document, spec)) {
      const node = schema ?? shared;
      kinds.set(formatSchemaKey(`${group}/${name}`, kind), node ? compileStructuralSchema(toPlainValue(document, node) as StructuralSchema) : null);
    }
  }
  return kinds;
}

function readVersions(document: ReleaseDocument, spec: MapNode): { name: string; schema: MapNode | null }[] {
  const versions = getValue(document, spec, "versions");
  const single = readString(getValue(document, spec, "version"));
  if (!isSeq(versions)) return single ? [{ name: single, schema: null }] : [];
  const result: { name: string; schema: MapNode | null }[] = [];
  for (const item of versions.items) {
    const version = resolveNode(document, item);
    if (!isMap(version)) continue;
    const name = readString(getValue(document, version as MapNode, "name"));
    if (name) result.push({ name, schema: getMapAt(document, version, ["schema", "openAPIV3Schema"]) });
  }
  return result;
}
