import { describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { applyLookups } from "./apply-lookups";
import { previewRelease } from "./preview-release";
import { isReleaseConfigDocument } from "./release-config-document";
import { CONTEXT, GUESTBOOK, IMAGES_CONFIG, WORKER_IMAGE, container, deployment } from "./test-fixtures";

function lintConfig(rules: string): string {
  return `apiVersion: slipway/v1\nkind: LintConfig\nrules:\n${rules}`;
}

/** A Deployment with a latest tag (warning) and no resources (note). */
const LATEST = deployment("web", container("web", "redis:latest"));

function levelsOf(text: string, code: string) {
  return previewRelease(text, CONTEXT)
    .diagnostics.filter((diagnostic) => diagnostic.code === code)
    .map((diagnostic) => diagnostic.severity);
}

describe("LintConfig levels", () => {
  it.each([
    ["error", ["error"]],
    ["warn", ["warning"]],
    ["info", ["info"]],
    ["off", []],
  ])("sets latest-tag to %s", (level, severities) => {
    expect(levelsOf(`${lintConfig(`  latest-tag: ${level}\n`)}---\n${LATEST}`, "latest-tag")).toEqual(severities);
  });

  it("leaves unnamed rules at their usual level and the document out of the objects", () => {
    const text = `${GUESTBOOK}---\n${lintConfig("  container-resources-missing: error\n")}`;
    const preview = previewRelease(text, CONTEXT);
    expect(levelsOf(text, "container-resources-missing")).toEqual(["error", "error", "error", "error"]);
    expect(preview.ruleLevels).toEqual({ "container-resources-missing": "error" });
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.code !== "container-resources-missing")).toEqual([]);
    expect(previewRelease(GUESTBOOK, CONTEXT).ruleLevels).toEqual({});
  });

  it("applies to look-up diagnostics merged in later", () => {
    const text = `${IMAGES_CONFIG}---\n${lintConfig("  image-not-found: error\n  unused-image: off\n")}---\n${deployment("w", container("w", WORKER_IMAGE))}`;
    const merged = applyLookups(previewRelease(text, CONTEXT), { replicated: { "myapp/worker:1.0.1": null } });
    expect(merged.diagnostics.filter((diagnostic) => diagnostic.code === "image-not-found").map((diagnostic) => diagnostic.severity)).toEqual(["error", "error"]);
  });

  it("reports unknown rules, bad levels and structural rules, and ignores those entries", () => {
    const text = `${lintConfig("  latest-tags: off\n  latest-tag: false\n  yaml-syntax: off\n  unused-image: off\n")}---\n${LATEST}`;
    const preview = previewRelease(text, CONTEXT);
    const problems = preview.diagnostics.filter((diagnostic) => diagnostic.code === "invalid-lint-config");
    expect(problems.map((diagnostic) => [diagnostic.line, diagnostic.severity])).toEqual([
      [4, "error"],
      [5, "error"],
      [6, "error"],
    ]);
    expect(problems[0].message).toMatch(/^"latest-tags" is not a rule; the rules are invalid-field, .*latest-tag/);
    expect(problems[1].message).toBe("latest-tag: the level must be error, warn, info or off, not a boolean (false).");
    expect(problems[2].message).toMatch(/^yaml-syntax cannot be configured/);
    expect(preview.ruleLevels).toEqual({ "unused-image": "off" });
    expect(levelsOf(text, "latest-tag")).toEqual(["warning"]);
  });

  it("counts only the first LintConfig and says rules: must be a mapping", () => {
    const text = `${lintConfig("  latest-tag: off\n")}---\n${lintConfig("  latest-tag: error\n")}---\n${LATEST}`;
    expect(previewRelease(text, CONTEXT).diagnostics.find((diagnostic) => diagnostic.code === "invalid-document")?.message).toMatch(/Only the first LintConfig/);
    expect(levelsOf(text, "latest-tag")).toEqual([]);
    expect(previewRelease(`${lintConfig("  - latest-tag\n")}`, CONTEXT).diagnostics[0].message).toMatch(/^rules: must be a mapping/);
  });
});

describe("isReleaseConfigDocument", () => {
  it("is true for the images: config and the LintConfig, not for Kubernetes objects or other LintConfig kinds", () => {
    const documents = parseAllDocuments(`${IMAGES_CONFIG}---\n${lintConfig("  latest-tag: off\n")}---\napiVersion: example.com/v1\nkind: LintConfig\n---\n${LATEST}`);
    expect(documents.map((document) => isReleaseConfigDocument("contents" in document ? document.contents : null))).toEqual([true, true, false, false]);
  });
});
