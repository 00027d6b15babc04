import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, IMAGES_CONFIG, QUAY_IMAGE, QUAY_PROXIED, container, deployment, withoutImagesConfig } from "./test-fixtures";
import type { DiagnosticCode } from "./types";

function diagnose(text: string, code: DiagnosticCode) {
  return previewRelease(text, CONTEXT).diagnostics.filter((diagnostic) => diagnostic.code === code);
}

describe("namespace-set", () => {
  it("warns at the namespace of any resource that sets metadata.namespace", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("web", QUAY_IMAGE)).replace(
      "  name: web\n",
      "  name: web\n  namespace: other\n",
    )}---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: kube-system\n`;
    const diagnostics = diagnose(release, "namespace-set");
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, release.split("\n")[diagnostic.line - 1].trim()])).toEqual([
      ["warning", "namespace: other"],
      ["warning", "namespace: kube-system"],
    ]);
    expect(diagnostics[0].message).toMatch(/Deployment "web" sets metadata.namespace: other.*pull secret is not available there/);
  });

  it("is quiet when no namespace is set", () => {
    expect(diagnose(deployment("web", container("web", "redis:7")), "namespace-set")).toEqual([]);
  });
});

describe("deprecated-api-version", () => {
  it("is an error when an older version leaves an external private image unrewritten", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("web", QUAY_IMAGE), { apiVersion: "extensions/v1beta1" })}`;
    const preview = previewRelease(release, CONTEXT);
    const [diagnostic] = preview.diagnostics.filter((entry) => entry.code === "deprecated-api-version");
    expect(diagnostic).toMatchObject({
      severity: "error",
      line: IMAGES_CONFIG.split("\n").length + 1,
      fix: { kind: "migrate-api-version", document: 1, from: "extensions/v1beta1", to: "apps/v1" },
    });
    expect(diagnostic.message).toContain("cannot be pulled");
    expect(diagnostic.message).toContain("spec.selector");
    expect(preview.images[0]).toMatchObject({ isRewritten: false, rewritten: QUAY_IMAGE, source: "external" });
    expect(preview.rewritten).toBe(withoutImagesConfig(release));
  });

  it.each(["apps/v1beta1", "apps/v1beta2", "extensions/v1beta1"])("is a warning for %s without external images", (apiVersion) => {
    const release = deployment("web", container("web", "redis:7"), { apiVersion });
    const [diagnostic] = diagnose(release, "deprecated-api-version");
    expect(diagnostic).toMatchObject({ severity: "warning", line: 1, fix: { to: "apps/v1", from: apiVersion } });
  });

  it("rewrites batch/v1beta1 CronJobs but flags their removal in Kubernetes 1.25", () => {
    const release = `${IMAGES_CONFIG}---
apiVersion: batch/v1beta1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          imagePullSecrets: [{name: replicatedregistrykey}]
          containers: [{name: job, image: ${QUAY_IMAGE}}]
`;
    const preview = previewRelease(release, CONTEXT);
    expect(preview.images[0]).toMatchObject({ isRewritten: true, rewritten: QUAY_PROXIED });
    const [diagnostic] = preview.diagnostics.filter((entry) => entry.code === "deprecated-api-version");
    expect(diagnostic).toMatchObject({ severity: "warning", fix: { from: "batch/v1beta1", to: "batch/v1" } });
    expect(diagnostic.message).toContain("Kubernetes 1.25");
  });

  it("leaves non-workload kinds of old versions alone", () => {
    const release = "apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata: {name: web}\nspec: {}\n";
    expect(diagnose(release, "deprecated-api-version")).toEqual([]);
  });
});
