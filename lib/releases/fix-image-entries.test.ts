import { describe, expect, it } from "vitest";
import { applyFix } from "./apply-fix";
import { codesOf, fixFor } from "./test-fix-helpers";
import { CONTEXT, GUESTBOOK, IMAGES_CONFIG, QUAY_IMAGE, WORKER_IMAGE, container, deployment } from "./test-fixtures";



const WEB = deployment("web", container("web", "registry.example.com/myapp/api:2.1.0"));

describe("add-image-entry", () => {
  it("appends the entry to a block images: list, after its comments", () => {
    const text = `${IMAGES_CONFIG.replace('    tag: "9.4"\n', '    tag: "9.4"  # pinned\n')}---\n${WEB}`;
    const fix = fixFor(text, "image-not-in-images-section");
    expect(fix).toEqual({ kind: "add-image-entry", label: "Add {source: replicated, name: api, tag: 2.1.0} to images:", source: "replicated", name: "api", tag: "2.1.0" });
    const fixed = applyFix(text, fix, CONTEXT);
    expect(fixed).toBe(text.replace('    tag: "9.4"  # pinned\n', '    tag: "9.4"  # pinned\n  - source: replicated\n    name: api\n    tag: 2.1.0\n'));
    expect(codesOf(fixed)).not.toContain("image-not-in-images-section");
  });

  it("uses the external registry's name for an external image", () => {
    const text = `images: [{source: public, name: redis, tag: "7.2"}]\n---\n${deployment("q", container("q", "quay.io/other/tool:1.0"))}`;
    const fixed = applyFix(text, fixFor(text, "image-not-in-images-section"), CONTEXT);
    expect(fixed.split("\n")[0]).toBe('images: [{source: public, name: redis, tag: "7.2"}, {source: mythirdpartyprivateregistry, name: other/tool, tag: 1.0}]');
    expect(codesOf(fixed)).not.toContain("image-not-in-images-section");
  });

  it.each([
    ["an empty value", "images:\n"],
    ["an empty flow list", "images: []\n"],
  ])("fills %s", (_what, config) => {
    const text = `${config}---\n${WEB}`;
    const fixed = applyFix(text, fixFor(text, "image-not-in-images-section"), CONTEXT);
    expect(fixed.split("\n")[0]).toBe("images: [{source: replicated, name: api, tag: 2.1.0}]");
  });

  it("creates the release config when there is none", () => {
    const fixed = applyFix(WEB, fixFor(WEB, "image-not-in-images-section"), CONTEXT);
    expect(fixed).toBe(`images:\n  - source: replicated\n    name: api\n    tag: 2.1.0\n---\n${WEB}`);
    expect(codesOf(fixed)).not.toContain("image-not-in-images-section");
  });
});

describe("remove-image-entry", () => {
  it("removes an unused entry from a block list, leaving the others", () => {
    const text = GUESTBOOK.replace("        - name: master\n          image: redis:3.2-alpine  # public, kept as is\n", "        - name: master\n          image: postgres:9.4\n");
    const fix = fixFor(text, "unused-image");
    expect(fix).toEqual({ kind: "remove-image-entry", label: "Remove it from images:", reference: "index.docker.io/library/redis:3.2-alpine" });
    const fixed = applyFix(text, fix, CONTEXT);
    expect(fixed).toBe(text.replace("  - source: public\n    name: redis\n    tag: 3.2-alpine\n", ""));
    expect(codesOf(fixed)).not.toContain("unused-image");
  });

  it("removes from a flow list, and the last entry of a block list", () => {
    const flow = `images: [{source: public, name: redis, tag: "7"}, {source: replicated, name: worker, tag: 1.0.1}]\n---\n${deployment("w", container("w", WORKER_IMAGE))}`;
    expect(applyFix(flow, fixFor(flow, "unused-image"), CONTEXT).split("\n")[0]).toBe("images: [{source: replicated, name: worker, tag: 1.0.1}]");
    const block = `images:\n  - source: public\n    name: redis\n    tag: "7"\n---\n${deployment("q", container("q", "postgres:9.4"))}`;
    expect(applyFix(block, fixFor(block, "unused-image"), CONTEXT).startsWith("images:\n---\n")).toBe(true);
  });

  it("refuses when the entry is gone", () => {
    const text = `${IMAGES_CONFIG}---\n${deployment("q", container("q", QUAY_IMAGE))}`;
    const fix = fixFor(text, "unused-image");
    const without = applyFix(text, fix, CONTEXT);
    expect(() => applyFix(without, fix, CONTEXT)).toThrow(/no longer listed in images:/);
  });
});
