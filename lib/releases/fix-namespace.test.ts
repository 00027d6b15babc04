import { describe, expect, it } from "vitest";
import { applyFix } from "./apply-fix";
import { fixFor } from "./test-fix-helpers";
import { previewRelease } from "./preview-release";
import { CONTEXT, container, deployment } from "./test-fixtures";

const namespaceFix = (text: string) => fixFor(text, "namespace-set");

const WEB = deployment("web", container("web", "redis:7.2"));

describe("remove-namespace", () => {
  it("removes the namespace line from block metadata, comment included", () => {
    const text = WEB.replace("  name: web\n", "  name: web\n  namespace: other  # hard-coded\n");
    const fixed = applyFix(text, namespaceFix(text), CONTEXT);
    expect(fixed).toBe(WEB);
    expect(previewRelease(fixed, CONTEXT).diagnostics.map((diagnostic) => diagnostic.code)).not.toContain("namespace-set");
  });

  it.each([
    ["{name: web, namespace: other}", "{name: web}"],
    ["{namespace: other, name: web}", "{name: web}"],
  ])("removes it from flow metadata %s", (before, after) => {
    const text = WEB.replace("metadata:\n  name: web\n", `metadata: ${before}\n`);
    expect(applyFix(text, namespaceFix(text), CONTEXT)).toBe(WEB.replace("metadata:\n  name: web\n", `metadata: ${after}\n`));
  });

  it("refuses a namespace merged in from an anchor shared with other objects", () => {
    const text = `x-meta: &meta {namespace: other}\n---\n${WEB.replace("  name: web\n", "  <<: {namespace: other}\n  name: web\n")}`;
    expect(() => applyFix(text, namespaceFix(text), CONTEXT)).toThrow(/merged anchor/);
  });
});
