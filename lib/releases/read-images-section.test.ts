import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, IMAGES_CONFIG, QUAY_IMAGE, WORKER_IMAGE, container, deployment } from "./test-fixtures";
import type { DiagnosticCode } from "./types";

function diagnose(text: string, code: DiagnosticCode) {
  return previewRelease(text, CONTEXT).diagnostics.filter((diagnostic) => diagnostic.code === code);
}

describe("images: entries", () => {
  it("resolves each source's naming to full references", () => {
    const context = { ...CONTEXT, externalRegistries: [...CONTEXT.externalRegistries, { name: "acme", endpoint: "ghcr.io/acme" }] };
    const release = `images:
  - {source: replicated, name: tools/migrate, tag: "2.0"}
  - {source: replicated, name: registry.example.com/myapp/api, tag: 1.10}
  - {source: mythirdpartyprivateregistry, name: quay.io/namespace/imagename, tag: 2.0.0}
  - {source: acme, name: api, tag: "3"}
  - {source: acme, name: acme/web, tag: "3"}
  - {source: public, name: bitnami/redis, tag: "7.2"}
  - {source: public, name: gcr.io/google-samples/gb-frontend, tag: v4}
  - {source: public, name: redis, tag: sha256:${"d".repeat(64)}}
`;
    const preview = previewRelease(release, context);
    expect(preview.airgap.map((entry) => entry.reference)).toEqual([
      "registry.example.com/myapp/tools/migrate:2.0",
      "registry.example.com/myapp/api:1.10",
      QUAY_IMAGE,
      "ghcr.io/acme/api:3",
      "ghcr.io/acme/web:3",
      "index.docker.io/bitnami/redis:7.2",
      "gcr.io/google-samples/gb-frontend:v4",
      `index.docker.io/library/redis@sha256:${"d".repeat(64)}`,
    ]);
    expect(preview.airgap.map((entry) => entry.origin)).toEqual([
      "replicated",
      "replicated",
      "external",
      "external",
      "external",
      "public",
      "public",
      "public",
    ]);
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.code !== "unused-image")).toEqual([]);
  });

  it("leaves the whole release config out of the rewritten stream, without rewriting its other keys", () => {
    const release = `images:\n  - {source: public, name: redis, tag: "7"}\nnotes: |\n  Keep me: ${QUAY_IMAGE}\n`;
    const preview = previewRelease(release, CONTEXT);
    expect(preview.rewritten).toBe("");
    expect(preview.images).toEqual([]);
  });
});

describe("unknown-image-source", () => {
  it("is an error at the source, naming the known sources", () => {
    const release = "images:\n  - source: dockerhub\n    name: acme/app\n    tag: '1'\n";
    const [diagnostic] = diagnose(release, "unknown-image-source");
    expect(diagnostic).toMatchObject({ severity: "error", line: 2, column: 13 });
    expect(diagnostic.message).toContain('"dockerhub"');
    expect(diagnostic.message).toContain("replicated, public, mythirdpartyprivateregistry");
    expect(previewRelease(release, CONTEXT).airgap).toEqual([]);
  });
});

describe("unused-image", () => {
  it("is information about entries that no resource uses; they stay in the airgap list", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("worker", WORKER_IMAGE) + container("q", QUAY_IMAGE))}`;
    const diagnostics = diagnose(release, "unused-image");
    expect(diagnostics.map((diagnostic) => [diagnostic.severity, diagnostic.line])).toEqual([
      ["info", 9],
      ["info", 12],
    ]);
    expect(diagnostics[0].message).toContain("index.docker.io/library/redis:3.2-alpine");
    expect(previewRelease(release, CONTEXT).airgap).toHaveLength(4);
  });
});

describe("malformed images: sections", () => {
  it.each([
    ["images: {source: public}\n", /images: must be a list/],
    ["images:\n  - redis:7\n", /images\[0\] must be a mapping with source, name and tag, not the text "redis:7"/],
    ["images:\n  - {source: public, name: redis}\n", /images\[0\]\.tag must be set to text, not empty/],
    ["images:\n  - {source: 7, name: redis, tag: '1'}\n", /images\[0\]\.source must be set to text, not a number \(7\)/],
    ["images:\n  - {source: public, name: [redis], tag: '1'}\n", /images\[0\]\.name must be set to text, not a list/],
  ])("reports %j as invalid-field", (release, message) => {
    const [diagnostic] = diagnose(release, "invalid-field");
    expect(diagnostic.severity).toBe("error");
    expect(diagnostic.message).toMatch(message);
  });

  it.each([
    ["images:\n  - {source: public, name: Redis, tag: '1'}\n", /images\[0\]\.name: .*uppercase/],
    ["images:\n  - {source: public, name: 'redis:7', tag: '7'}\n", /includes a tag or digest; put it in tag:/],
    ["images:\n  - {source: replicated, name: worker, tag: 'bad tag'}\n", /images\[0\]\.tag: the tag contains " "/],
  ])("reports %j as invalid-image-reference", (release, message) => {
    const [diagnostic] = diagnose(release, "invalid-image-reference");
    expect(diagnostic.message).toMatch(message);
  });

  it("uses only the first images: document and flags the others", () => {
    const release = `${IMAGES_CONFIG}---\nimages: []\n`;
    const [diagnostic] = diagnose(release, "invalid-document");
    expect(diagnostic.message).toContain("Only the first document with images:");
    expect(previewRelease(release, CONTEXT).airgap).toHaveLength(4);
  });
});
