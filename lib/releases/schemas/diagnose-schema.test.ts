import { describe, expect, it } from "vitest";
import { previewRelease } from "../preview-release";
import { previewReleaseWithSchemas } from "../preview-with-schemas";
import { CONTEXT, GUESTBOOK, container, deployment } from "../test-fixtures";
import type { Diagnostic } from "../types";

async function schemaDiagnostics(text: string): Promise<Diagnostic[]> {
  const preview = await previewReleaseWithSchemas(text, CONTEXT);
  return preview.diagnostics.filter((diagnostic) => diagnostic.code === "invalid-kubernetes-object" || diagnostic.code === "unknown-kind");
}

/** `[line, column, message]` of each diagnostic, with the text it points at. */
function located(text: string, diagnostics: Diagnostic[]) {
  return diagnostics.map((diagnostic) => ({ at: text.slice(diagnostic.from, diagnostic.to), line: diagnostic.line, column: diagnostic.column, message: diagnostic.message }));
}

const WIDGET_CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: {kind: Widget, plural: widgets}
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              description: What the widget is like.
              required: [size]
              properties:
                size: {type: integer, minimum: 1}
                labels: {type: object, additionalProperties: {type: string}}
                raw: {type: object, x-kubernetes-preserve-unknown-fields: true}
`;
const WIDGET = `apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  size: big
  colour: red
  labels: {a: b}
  raw: {anything: [1, 2]}
`;

describe("schema validation of built-in kinds", () => {
  it("finds nothing wrong in the guestbook", async () => {
    expect(await schemaDiagnostics(GUESTBOOK)).toEqual([]);
  });

  it("says a string where an integer belongs is wrong, at the value", async () => {
    const text = deployment("web", container("web", "redis:7.2", '          ports:\n            - containerPort: "eighty"\n'), { replicas: "two" });
    expect(located(text, await schemaDiagnostics(text))).toEqual([
      { at: "two", line: 6, column: 13, message: 'Deployment "web": spec.replicas must be an integer, not the text "two".' },
      {
        at: '"eighty"',
        line: 21,
        column: 30,
        message: 'Deployment "web": spec.template.spec.containers[0].ports[0].containerPort must be an integer, not the text "eighty".',
      },
    ]);
  });

  it("says a missing selector in apps/v1 is required, at spec", async () => {
    const text = deployment("web", container("web", "redis:7.2")).replace("  selector:\n    matchLabels:\n      app: web\n", "");
    const [diagnostic] = located(text, await schemaDiagnostics(text));
    expect(diagnostic).toEqual({ at: "spec", line: 5, column: 1, message: 'Deployment "web": spec.selector is required.' });
  });

  it("names an unknown field at its key and suggests the known one", async () => {
    const text = deployment("web", container("web", "redis:7.2", "          imagePullPolcy: Always\n"));
    expect(located(text, await schemaDiagnostics(text))).toEqual([
      {
        at: "imagePullPolcy",
        line: 19,
        column: 11,
        message: 'Deployment "web": spec.template.spec.containers[0].imagePullPolcy is not a field of this object (did you mean imagePullPolicy?).',
      },
    ]);
  });

  it("finds unknown fields in every object of a kind, also once the kind's fields are known", async () => {
    const good = deployment("a", container("a", "redis:7.2"));
    const bad = deployment("b", container("b", "redis:7.2")).replace("spec:\n  selector", "spec:\n  tmplate: {}\n  selector");
    const diagnostics = await schemaDiagnostics(`${good}---\n${bad}---\n${bad.replace('name: b', 'name: c')}`);
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      'Deployment "b": spec.tmplate is not a field of this object (did you mean template?).',
      'Deployment "c": spec.tmplate is not a field of this object (did you mean template?).',
    ]);
  });

  it("accepts maps, quantities, int-or-string ports and merge keys", async () => {
    const text = `base: &ports
  port: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app.kubernetes.io/name: web, tier: front}
  annotations: {example.com/owner: team-a}
spec:
  selector: {app: web}
  ports:
    - <<: {port: 80}
      targetPort: http
    - port: 443
      targetPort: 8443
`.replace("base: &ports\n  port: 80\n---\n", "");
    expect(await schemaDiagnostics(text)).toEqual([]);
  });

  it("words enums, quantities and two-type fields in plain words", async () => {
    const text = `apiVersion: v1
kind: Service
metadata: {name: s}
spec:
  type: Balanced
  ports: [{port: 80, targetPort: true}]
`;
    expect((await schemaDiagnostics(text)).map((diagnostic) => diagnostic.message)).toEqual([
      'Service "s": spec.type must be one of "ClusterIP", "ExternalName", "LoadBalancer", "NodePort", not the text "Balanced".',
      'Service "s": spec.ports[0].targetPort must be text or an integer, not a boolean (true).',
    ]);
  });

  it("is skipped without schemas, so a browser preview runs before they load", () => {
    const text = deployment("web", container("web", "redis:7.2"), { replicas: "two" });
    expect(previewRelease(text, CONTEXT).diagnostics.map((diagnostic) => diagnostic.code)).not.toContain("invalid-kubernetes-object");
  });
});

describe("kinds without a built-in schema", () => {
  it("warns that a custom kind without its CRD is not checked", async () => {
    const diagnostics = await schemaDiagnostics(WIDGET);
    expect(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.line])).toEqual([["unknown-kind", "warning", 1]]);
    expect(diagnostics[0].message).toMatch(/^Kubernetes 1\.36 has no kind Widget in example\.com\/v1, and the release has no CustomResourceDefinition for it/);
  });

  it("checks a custom kind against the CRD in the same release", async () => {
    const text = `${WIDGET_CRD}---\n${WIDGET}`;
    expect(located(text, await schemaDiagnostics(text)).map(({ at, message }) => [at, message])).toEqual([
      ["big", 'Widget "w": spec.size must be an integer, not the text "big".'],
      ["colour", 'Widget "w": spec.colour is not a field of this object.'],
    ]);
    expect(await schemaDiagnostics(`${WIDGET_CRD}---\n${WIDGET.replace("size: big", "size: 3").replace("  colour: red\n", "")}`)).toEqual([]);
  });

  it("says which apiVersion serves a known kind", async () => {
    const text = `apiVersion: networking.k8s.io/v2\nkind: Ingress\nmetadata: {name: i}\n`;
    expect((await schemaDiagnostics(text))[0].message).toMatch(/has no Ingress in networking\.k8s\.io\/v2; it serves Ingress as .*networking\.k8s\.io\/v1/);
  });
});
