import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, IMAGES_CONFIG, QUAY_IMAGE, WORKER_IMAGE, container, deployment } from "./test-fixtures";
import type { DiagnosticCode } from "./types";

function diagnose(text: string, code: DiagnosticCode) {
  return previewRelease(text, CONTEXT).diagnostics.filter((diagnostic) => diagnostic.code === code);
}

function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

describe("invalid-image-reference", () => {
  it("says why a reference is invalid and where", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("web", "Quay.io/Namespace/Img:1"))}`;
    const [diagnostic] = diagnose(release, "invalid-image-reference");
    expect(diagnostic).toMatchObject({ severity: "error", line: lineOf(release, "Quay.io"), column: 18 });
    expect(diagnostic.message).toMatch(/Container "web": "Quay.io\/Namespace\/Img:1" is not a valid image reference: .*uppercase/);
    const image = previewRelease(release, CONTEXT).images[0];
    expect(image).toMatchObject({ source: "invalid", reference: null, isRewritten: false, rewritten: "Quay.io/Namespace/Img:1" });
  });

  it("reports an image that is not text, and previews the rest", () => {
    const release = deployment("web", container("num", "42") + container("ok", "redis:7") + container("list", "[a, b]"));
    const diagnostics = diagnose(release, "invalid-image-reference");
    expect(diagnostics.map((diagnostic) => diagnostic.message)).toEqual([
      expect.stringContaining('Container "num": image must be text like "redis:7.2", not a number (42)'),
      expect.stringContaining('Container "list": image must be text like "redis:7.2", not a list'),
    ]);
    expect(previewRelease(release, CONTEXT).images.map((image) => image.image)).toEqual(["redis:7"]);
  });
});

describe("missing-pull-secret", () => {
  it.each([
    ["this application's registry", WORKER_IMAGE],
    ["an external private registry", QUAY_IMAGE],
  ])("is an error for images from %s, with a fix", (where, image) => {
    const release = `${IMAGES_CONFIG}---\n${deployment("web", container("web", image), { pullSecret: false })}`;
    const [diagnostic] = diagnose(release, "missing-pull-secret");
    expect(diagnostic).toMatchObject({
      severity: "error",
      line: lineOf(release, image),
      fix: { kind: "add-pull-secret", document: 1, path: ["spec", "template", "spec"] },
    });
    expect(diagnostic.message).toContain(where);
    expect(diagnostic.message).toContain("replicatedregistrykey");
  });

  it("is raised once per pod template, at its first private image", () => {
    const containers = container("a", "redis:7") + container("b", QUAY_IMAGE) + container("c", WORKER_IMAGE);
    const release = `${IMAGES_CONFIG}---\n${deployment("web", containers, { pullSecret: false })}`;
    const diagnostics = diagnose(release, "missing-pull-secret");
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].line).toBe(lineOf(release, QUAY_IMAGE));
  });

  it("is not raised for public images, or when a secret of that name is present", () => {
    const publicOnly = deployment("web", container("a", "redis:7") + container("b", "postgres:9.4"), { pullSecret: false });
    expect(diagnose(publicOnly, "missing-pull-secret")).toEqual([]);
    const withSecret = `${IMAGES_CONFIG}---\n${deployment("web", container("b", QUAY_IMAGE))}`;
    expect(diagnose(withSecret, "missing-pull-secret")).toEqual([]);
  });

  it("requires the name replicatedregistrykey, whatever other secrets exist", () => {
    const release = deployment("web", container("b", QUAY_IMAGE), { pullSecret: false }).replace(
      "      containers:",
      "      imagePullSecrets:\n        - name: quay-credentials\n      containers:",
    );
    expect(diagnose(release, "missing-pull-secret")).toHaveLength(1);
  });
});

describe("latest-tag", () => {
  it.each([
    ["redis", "", /has no tag and the default imagePullPolicy is Always/],
    ["redis:latest", "", /uses the tag latest and the default imagePullPolicy is Always/],
    ["redis:latest", "          imagePullPolicy: Always\n", /imagePullPolicy is Always/],
  ])("warns for %s %s", (image, extra, message) => {
    const release = deployment("web", container("web", image, extra));
    const [diagnostic] = diagnose(release, "latest-tag");
    expect(diagnostic).toMatchObject({ severity: "warning", line: lineOf(release, `image: ${image}`) });
    expect(diagnostic.message).toMatch(message);
    expect(diagnostic.message).toContain("airgapped");
  });

  it.each([
    ["redis:7", ""],
    ["redis", "          imagePullPolicy: IfNotPresent\n"],
    ["redis:latest", "          imagePullPolicy: Never\n"],
    [`redis@sha256:${"c".repeat(64)}`, ""],
  ])("does not warn for %s %s", (image, extra) => {
    expect(diagnose(deployment("web", container("web", image, extra)), "latest-tag")).toEqual([]);
  });
});

describe("image-not-in-images-section", () => {
  it("warns for an unlisted image of this application's registry, suggesting the entry", () => {
    const release = deployment("web", container("web", "registry.example.com/myapp/api:2.1"));
    const [diagnostic] = diagnose(release, "image-not-in-images-section");
    expect(diagnostic.severity).toBe("warning");
    expect(diagnostic.message).toContain("{source: replicated, name: api, tag: 2.1}");
    expect(diagnostic.message).toContain("airgap bundle");
  });

  it("is an error for an unlisted external image, which the proxy refuses", () => {
    const release = deployment("web", container("web", "quay.io/namespace/other:3"));
    const [diagnostic] = diagnose(release, "image-not-in-images-section");
    expect(diagnostic.severity).toBe("error");
    expect(diagnostic.message).toContain("proxy refuses");
    expect(diagnostic.message).toContain("{source: mythirdpartyprivateregistry, name: namespace/other, tag: 3}");
  });

  it("matches entries by repository, ignoring the tag, and never flags public images", () => {
    const release = `${IMAGES_CONFIG}---\n${deployment(
      "web",
      container("a", "registry.example.com/myapp/worker:9.9.9") + container("b", "quay.io/namespace/imagename:1.0") + container("c", "nginx:1.25"),
    )}`;
    expect(diagnose(release, "image-not-in-images-section")).toEqual([]);
    expect(previewRelease(release, CONTEXT).images.map((image) => image.isListed)).toEqual([true, true, false]);
  });
});
