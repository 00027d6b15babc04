import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { renderKubernetesKinds } from "./render-kubernetes-kinds";

const root = path.resolve(__dirname, "../..");

describe("lib/releases/schemas/kubernetes-kinds.ts", () => {
  it("matches the installed kubernetes-models (run scripts/generate-kubernetes-kinds.ts after upgrading it)", () => {
    const generated = renderKubernetesKinds(path.join(root, "node_modules/kubernetes-models"));
    expect(readFileSync(path.join(root, "lib/releases/schemas/kubernetes-kinds.ts"), "utf8")).toBe(generated);
    expect(generated).toContain('"apps/v1/Deployment": () => import("kubernetes-models/_schemas/IoK8sApiAppsV1Deployment"),');
    expect(generated).toContain('"v1/Service": () => import("kubernetes-models/_schemas/IoK8sApiCoreV1Service"),');
  });
});
