import { describe, expect, it } from "vitest";
import { applyLookups, listRequiredLookups } from "./apply-lookups";
import { previewRelease } from "./preview-release";
import { CONTEXT, IMAGES_CONFIG, QUAY_IMAGE, WORKER_IMAGE, container, deployment } from "./test-fixtures";

const release = `${IMAGES_CONFIG}  - {source: replicated, name: api, tag: "2.0"}
---
${deployment("web", container("worker", WORKER_IMAGE) + container("q", QUAY_IMAGE) + container("cache", "redis:3.2-alpine") + container("again", WORKER_IMAGE))}`;
const preview = previewRelease(release, CONTEXT);
const sha = (char: string) => `sha256:${char.repeat(64)}`;

describe("listRequiredLookups", () => {
  it("lists each registry tag and external tag once, with what the I/O layer needs", () => {
    expect(listRequiredLookups(preview)).toEqual({
      replicated: [
        { key: "myapp/worker:1.0.1", repository: "myapp/worker", tag: "1.0.1", digest: null },
        { key: "myapp/api:2.0", repository: "myapp/api", tag: "2.0", digest: null },
      ],
      external: [
        {
          key: QUAY_IMAGE,
          externalRegistry: "mythirdpartyprivateregistry",
          registry: "quay.io",
          repository: "namespace/imagename",
          tag: "2.0.0",
          digest: null,
        },
      ],
    });
  });

  it("splits digests from tags", () => {
    const pinned = previewRelease(deployment("w", container("w", `registry.example.com/myapp/worker:1@${sha("e")}`)), CONTEXT);
    expect(listRequiredLookups(pinned).replicated).toEqual([
      { key: `myapp/worker:1@${sha("e")}`, repository: "myapp/worker", tag: "1", digest: sha("e") },
    ]);
  });
});

describe("applyLookups", () => {
  const workerInfo = {
    digest: sha("1"),
    size: 300,
    blobs: [
      { digest: sha("a"), size: 100 },
      { digest: sha("b"), size: 200 },
    ],
  };
  const apiInfo = {
    digest: sha("2"),
    size: 350,
    blobs: [
      { digest: sha("a"), size: 100 },
      { digest: sha("c"), size: 250 },
    ],
  };

  it("fills digests and sizes and totals the bundle with shared layers counted once", () => {
    const merged = applyLookups(preview, { replicated: { "myapp/worker:1.0.1": workerInfo, "myapp/api:2.0": apiInfo } });
    expect(merged.images[0].availability).toEqual({ exists: true, digest: sha("1"), size: 300 });
    expect(merged.images[3].availability).toEqual({ exists: true, digest: sha("1"), size: 300 });
    expect(merged.images[1].availability).toBeNull();
    expect(merged.airgap.slice(0, 2).map((entry) => [entry.exists, entry.digest, entry.size])).toEqual([
      [true, sha("1"), 300],
      [null, null, null],
    ]);
    expect(merged.airgap[4]).toMatchObject({ reference: "registry.example.com/myapp/api:2.0", exists: true, digest: sha("2"), size: 350 });
    expect(merged.airgapTotalSize).toBe(550);
    expect(merged.diagnostics).toEqual(preview.diagnostics);
    expect(preview.images[0].availability).toBeNull();
  });

  it("warns where an unpushed tag is used and where it is listed", () => {
    const merged = applyLookups(preview, { replicated: { "myapp/worker:1.0.1": null, "myapp/api:2.0": apiInfo } });
    const notFound = merged.diagnostics.filter((diagnostic) => diagnostic.code === "image-not-found");
    const lines = release.split("\n");
    expect(notFound.map((diagnostic) => [diagnostic.severity, lines[diagnostic.line - 1].trim()])).toEqual([
      ["warning", "- source: replicated"],
      ["warning", `image: ${WORKER_IMAGE}`],
      ["warning", `image: ${WORKER_IMAGE}`],
    ]);
    expect(notFound[1].message).toContain("has not been pushed");
    expect(merged.images[0].availability).toEqual({ exists: false });
    expect(merged.airgapTotalSize).toBe(350);
  });

  it("reports external tags the upstream registry does not have, with its message", () => {
    const merged = applyLookups(preview, { external: { [QUAY_IMAGE]: { exists: false, message: "manifest unknown" } } });
    const [atEntry, atImage] = merged.diagnostics.filter((entry) => entry.code === "image-not-found");
    expect(atImage.message).toContain("manifest unknown");
    expect(release.split("\n")[atImage.line - 1]).toContain(QUAY_IMAGE);
    expect(atEntry.line).toBe(6);
    expect(merged.images[1].availability).toEqual({ exists: false, message: "manifest unknown" });
    expect(merged.airgapTotalSize).toBeNull();
  });

  it("composes separate calls and does not repeat diagnostics", () => {
    const once = applyLookups(preview, { replicated: { "myapp/worker:1.0.1": null, "myapp/api:2.0": apiInfo } });
    const twice = applyLookups(applyLookups(once, { external: { [QUAY_IMAGE]: { exists: true } } }), {
      replicated: { "myapp/worker:1.0.1": null, "myapp/api:2.0": apiInfo },
    });
    expect(twice.diagnostics).toEqual(once.diagnostics);
    expect(twice.images[1].availability).toEqual({ exists: true });
    expect(twice.airgapTotalSize).toBe(350);
  });

  it("keeps the total unknown until every registry image has been looked up", () => {
    expect(applyLookups(preview, { replicated: { "myapp/worker:1.0.1": workerInfo } }).airgapTotalSize).toBeNull();
  });
});
