import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { normalizeContext } from "@/lib/releases/classify-image";
import { parseImageReference } from "@/lib/releases/parse-image-reference";
import { previewRelease } from "@/lib/releases/preview-release";
import { container, CONTEXT, deployment, IMAGES_CONFIG, QUAY_IMAGE, QUAY_PROXIED, WORKER_IMAGE } from "@/lib/releases/test-fixtures";
import { formatAirgapRefName, formatAirgapReference } from "./airgap-names";
import { rewriteReleaseForAirgap } from "./rewrite-for-airgap";

const context = normalizeContext({ ...CONTEXT, externalRegistries: [...CONTEXT.externalRegistries, { name: "local", endpoint: "127.0.0.1:5000" }] });

function refName(image: string): string {
  const parsed = parseImageReference(image);
  if (!parsed.ok) throw new Error(parsed.reason);
  return formatAirgapRefName(parsed.reference, context);
}

describe("airgap names", () => {
  it("keeps the application's own path and puts everything else under its host", () => {
    expect(refName(WORKER_IMAGE)).toBe("myapp/worker:1.0.1");
    expect(refName(QUAY_IMAGE)).toBe("quay.io/namespace/imagename:2.0.0");
    expect(refName(QUAY_PROXIED)).toBe("quay.io/namespace/imagename:2.0.0");
    expect(refName("redis:3.2-alpine")).toBe("docker.io/library/redis:3.2-alpine");
    expect(refName("docker.io/bitnami/nginx")).toBe("docker.io/bitnami/nginx:latest");
    expect(refName("127.0.0.1:5000/acme/app:1.0")).toBe("127.0.0.1_5000/acme/app:1.0");
    const digest = `sha256:${"a".repeat(64)}`;
    expect(refName(`ghcr.io/org/tool@${digest}`)).toBe(`ghcr.io/org/tool@${digest}`);
  });

  it("keeps another application's images on this registry apart from ours", () => {
    expect(refName("registry.example.com/otherapp/web:1")).toBe("registry.example.com/otherapp/web:1");
  });

  it("writes the placeholder registry in front", () => {
    const parsed = parseImageReference(WORKER_IMAGE);
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(formatAirgapReference(parsed.reference, context)).toBe("${LOCAL_REGISTRY}/myapp/worker:1.0.1");
  });
});

describe("rewriting a release for airgap", () => {
  it("points every container at the local registry and leaves out the images: config", () => {
    const containers = [container("worker", WORKER_IMAGE), container("tool", `"${QUAY_IMAGE}"`), container("cache", "redis:3.2-alpine")].join("");
    const yaml = `${IMAGES_CONFIG}---\n# keep this comment\n${deployment("app", containers)}`;
    const text = rewriteReleaseForAirgap(yaml, previewRelease(yaml, CONTEXT), CONTEXT);
    const documents = parseAllDocuments(text).map((document) => document.toJS());
    expect(documents).toHaveLength(1);
    const images = documents[0].spec.template.spec.containers.map((entry: { image: string }) => entry.image);
    expect(images).toEqual([
      "${LOCAL_REGISTRY}/myapp/worker:1.0.1",
      "${LOCAL_REGISTRY}/quay.io/namespace/imagename:2.0.0",
      "${LOCAL_REGISTRY}/docker.io/library/redis:3.2-alpine",
    ]);
    expect(text).toContain("# keep this comment");
    expect(text).not.toContain("images:");
  });
});
