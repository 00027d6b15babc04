/**
 * Writes lib/releases/schemas/kubernetes-kinds.ts: one lazy loader per Kubernetes kind
 * that kubernetes-models ships a schema for (`node --import tsx scripts/generate-kubernetes-kinds.ts`).
 * Run it after upgrading kubernetes-models; a unit test fails while the file is stale.
 *
 * The loaders must be literal `import("…")` calls so that bundlers (Turbopack in the
 * editor, esbuild in the benchmark) split every kind into its own chunk, loaded only
 * when a release uses that kind.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { renderKubernetesKinds } from "./lib/render-kubernetes-kinds";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const target = path.join(root, "lib/releases/schemas/kubernetes-kinds.ts");
const text = renderKubernetesKinds(path.join(root, "node_modules/kubernetes-models"));
const before = (() => {
  try {
    return readFileSync(target, "utf8");
  } catch {
    return "";
  }
})();
if (before === text) console.log(`${path.relative(root, target)} is up to date.`);
else {
  writeFileSync(target, text);
  console.log(`wrote ${path.relative(root, target)}`);
}
