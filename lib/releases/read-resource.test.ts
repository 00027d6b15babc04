import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, container, deployment } from "./test-fixtures";

function diagnosticsOf(release: string) {
  // Resource notes are another rule's business (diagnose-pod-spec).
  const diagnostics = previewRelease(release, CONTEXT).diagnostics.filter((diagnostic) => diagnostic.code !== "container-resources-missing");
  return diagnostics.map((diagnostic) => ({
    code: diagnostic.code,
    severity: diagnostic.severity,
    line: diagnostic.line,
    message: diagnostic.message,
  }));
}

const GOOD = deployment("good", container("good", "redis:7.2"));

describe("documents that are not resources", () => {
  it.each([
    ["a single value", "just a string\n", 1, /is a single value/],
    ["a list", "- a\n- b\n", 1, /is a list/],
    ["a mapping without kind", "apiVersion: v1\nmetadata: {name: x}\n", 1, /has no kind \(empty\)/],
    ["a mapping with a non-text kind", "apiVersion: v1\nkind: 42\n", 2, /has no kind \(a number \(42\)\)/],
  ])("reports %s as invalid-document and still previews the others", (_what, document, line, message) => {
    const release = `${document}---\n${GOOD}`;
    const diagnostics = diagnosticsOf(release);
    expect(diagnostics).toEqual([expect.objectContaining({ code: "invalid-document", severity: "error", line, message: expect.stringMatching(message) })]);
    expect(previewRelease(release, CONTEXT).images.map((image) => image.image)).toEqual(["redis:7.2"]);
  });

  it("ignores empty documents and comment-only documents", () => {
    const release = `# header comment\n---\n---\n# nothing here\n---\n${GOOD}---\n`;
    expect(diagnosticsOf(release)).toEqual([]);
    expect(previewRelease(release, CONTEXT).images).toHaveLength(1);
  });

  it("reports a workload without apiVersion", () => {
    const release = GOOD.replace("apiVersion: apps/v1\n", "");
    expect(diagnosticsOf(release)).toContainEqual(expect.objectContaining({ code: "invalid-document", message: "This Deployment has no apiVersion." }));
  });
});

describe("odd-typed fields", () => {
  it.each([
    ["containers: {}", GOOD.replace(/      containers:\n[\s\S]*$/, "      containers: {}\n"), /containers must be a list of containers, not a mapping/],
    ["containers: 3", GOOD.replace(/      containers:\n[\s\S]*$/, "      containers: 3\n"), /containers must be a list of containers, not a number \(3\)/],
    ["a container that is text", GOOD.replace(/      containers:\n[\s\S]*$/, "      containers:\n        - redis:7\n"), /containers\[0\] must be a container mapping, not the text "redis:7"/],
    ["a container without image", GOOD.replace("          image: redis:7.2\n", ""), /Container "good" has no image/],
    ["no containers", GOOD.replace(/      containers:\n[\s\S]*$/, "      hostNetwork: true\n"), /The pod spec has no containers/],
    ["spec: text", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: nothing\n", /Deployment x: spec must be a mapping, not the text "nothing"/],
    ["no template", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\nspec: {replicas: 1}\n", /spec.template is missing/],
    ["metadata: list", GOOD.replace("metadata:\n  name: good\n", "metadata: [good]\n"), /metadata must be a mapping, not a list/],
    ["imagePullSecrets: text", GOOD.replace("imagePullSecrets:\n        - name: replicatedregistrykey", "imagePullSecrets: replicatedregistrykey"), /imagePullSecrets must be a list/],
    ["imagePullSecrets of text", GOOD.replace("- name: replicatedregistrykey", "- replicatedregistrykey"), /write "- name: replicatedregistrykey"/],
  ])("reports %s as invalid-field without crashing", (_what, release, message) => {
    const diagnostics = diagnosticsOf(release);
    expect(diagnostics).toContainEqual(expect.objectContaining({ code: "invalid-field", severity: "error", message: expect.stringMatching(message) }));
  });

  it("points at the offending line", () => {
    const release = GOOD.replace(/      containers:\n[\s\S]*$/, "      containers: {}\n");
    const [diagnostic] = diagnosticsOf(release).filter((entry) => entry.code === "invalid-field");
    expect(release.split("\n")[diagnostic.line - 1]).toBe("      containers: {}");
  });
});
