/** The preview with every Kubernetes schema the release needs loaded first: what the API, the CLI and release creation use. */
import { previewRelease } from "./preview-release";
import { listSchemaKeys, loadKubernetesSchemas } from "./schemas/load-schemas";
import type { ReleaseContext, ReleasePreview } from "./types";

/** `previewRelease` with the schema rules (invalid-kubernetes-object, unknown-kind) for all of the release's kinds. */
export async function previewReleaseWithSchemas(yamlText: string, context: ReleaseContext): Promise<ReleasePreview> {
  const schemas = await loadKubernetesSchemas(listSchemaKeys(yamlText));
  return previewRelease(yamlText, context, { schemas });
}
