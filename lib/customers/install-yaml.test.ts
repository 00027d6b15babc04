import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { previewRelease } from "@/lib/releases";
import { CONTEXT, container, deployment, IMAGES_CONFIG, QUAY_IMAGE, QUAY_PROXIED, WORKER_IMAGE } from "@/lib/releases/test-fixtures";
import { renderInstallYaml } from "./install-yaml";

const CONFIG_MAP = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: elsewhere
data:
  mode: "production"
`;
const LINT_CONFIG = `apiVersion: slipway/v1\nkind: LintConfig\nrules:\n  container-resources-missing: off\n`;
const RELEASE = `${IMAGES_CONFIG.split("  - source: public")[0]}---\n${LINT_CONFIG}---\n# the worker\n${deployment("worker", container("worker", WORKER_IMAGE) + container("sidecar", QUAY_IMAGE))}---\n${CONFIG_MAP}`;

describe("install YAML", () => {
  const preview = previewRelease(RELEASE, CONTEXT);
  const rewritten = preview.rewritten;
  const text = renderInstallYaml({ rewritten, registryHost: "registry.example.com", licenseId: "L".repeat(32), header: ["My App 1.0 for Acme"] });
  const documents = parseAllDocuments(text).map((document) => document.toJS());

  it("keeps every resource with the preview's rewrite, and drops the images: config and the LintConfig", () => {
    expect(text.startsWith("# My App 1.0 for Acme\n")).toBe(true);
    expect(documents.map((document) => document.kind)).toEqual(["Deployment", "ConfigMap", "Secret"]);
    const images = documents[0].spec.template.spec.containers.map((container: { image: string }) => container.image);
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.severity === "error")).toEqual([]);
    expect(images).toEqual([WORKER_IMAGE, QUAY_PROXIED]);
    expect(documents[1].metadata.namespace).toBe("elsewhere");
    expect(documents[1].data.mode).toBe("production");
  });

  it("ends with the pull secret holding the license for the registry host, in no explicit namespace", () => {
    const secret = documents[2];
    expect(secret).toMatchObject({ apiVersion: "v1", kind: "Secret", metadata: { name: "replicatedregistrykey" }, type: "kubernetes.io/dockerconfigjson" });
    expect(secret.metadata.namespace).toBeUndefined();
    const config = JSON.parse(Buffer.from(secret.data[".dockerconfigjson"], "base64").toString());
    const entry = config.auths["registry.example.com"];
    expect(entry.username).toBe("L".repeat(32));
    expect(entry.password).toBe("L".repeat(32));
    expect(Buffer.from(entry.auth, "base64").toString()).toBe(`${"L".repeat(32)}:${"L".repeat(32)}`);
  });

  it("keeps a header that cannot break out of its comment", () => {
    const out = renderInstallYaml({ rewritten, registryHost: "r", licenseId: "x", header: ["line\nkind: Evil"] });
    expect(parseAllDocuments(out).map((document) => document.toJS().kind)).toEqual(["Deployment", "ConfigMap", "Secret"]);
  });
});
