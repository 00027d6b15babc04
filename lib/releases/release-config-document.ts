/** Which documents of a release are Slipway's own configuration rather than Kubernetes objects. */
import { isMap } from "./yaml";
import { LINT_CONFIG_API_VERSION, LINT_CONFIG_KIND } from "./lint-config";

/**
 * Whether the contents of a parsed YAML document (`doc.contents`) are a release config
 * document (the `images:` list or the LintConfig), which customers must never receive.
 */
export function isReleaseConfigDocument(contents: unknown): boolean {
  if (!isMap(contents)) return false;
  if (contents.has("images")) return true;
  return contents.get("kind") === LINT_CONFIG_KIND && contents.get("apiVersion") === LINT_CONFIG_API_VERSION;
}
