import { describe, expect, it } from "vitest";
import { MAX_RELEASE_YAML_BYTES } from "./constants";
import { parseReleaseStream } from "./parse-release-stream";
import { previewRelease } from "./preview-release";
import { CONTEXT, IMAGES_CONFIG, QUAY_IMAGE, QUAY_PROXIED, container, deployment, withoutImagesConfig } from "./test-fixtures";

const WEB = deployment("web", container("web", QUAY_IMAGE));

describe("yaml-syntax", () => {
  it("reports the parser's message at its line and previews the other documents", () => {
    const broken = "apiVersion: v1\nkind: ConfigMap\ndata:\n  key: 'unterminated\n";
    const release = `${IMAGES_CONFIG}---\n${broken}---\n${WEB}`;
    const preview = previewRelease(release, CONTEXT);
    const syntax = preview.diagnostics.filter((diagnostic) => diagnostic.code === "yaml-syntax");
    expect(syntax.length).toBeGreaterThan(0);
    expect(syntax[0].severity).toBe("error");
    expect(syntax[0].message).toMatch(/quote/i);
    expect(syntax[0].message).toContain("left out of the preview");
    const brokenStart = release.indexOf(broken);
    const brokenLines = [1, 2, 3, 4, 5].map((offset) => release.slice(0, brokenStart).split("\n").length - 1 + offset);
    expect(brokenLines).toContain(syntax[0].line);
    expect(preview.images.map((image) => image.rewritten)).toEqual([QUAY_PROXIED]);
    expect(preview.rewritten).toBe(withoutImagesConfig(release).replace(QUAY_IMAGE, QUAY_PROXIED));
  });

  it("reports duplicate keys", () => {
    const preview = previewRelease("apiVersion: v1\nkind: Pod\nkind: Pod\n", CONTEXT);
    expect(preview.diagnostics).toEqual([expect.objectContaining({ code: "yaml-syntax", line: 3, message: expect.stringMatching(/unique/) })]);
  });
});

describe("size limit", () => {
  it("refuses YAML over 1 MiB with a clear message and no preview", () => {
    const release = `${WEB}---\n# ${"x".repeat(MAX_RELEASE_YAML_BYTES)}\n`;
    const preview = previewRelease(release, CONTEXT);
    expect(preview).toEqual({
      images: [],
      diagnostics: [expect.objectContaining({ code: "yaml-too-large", severity: "error", line: 1, message: expect.stringContaining("1 MiB") })],
      rewritten: "",
      airgap: [],
      airgapTotalSize: null,
      ruleLevels: {},
    });
  });

  it("counts bytes, not characters", () => {
    const threeBytes = "€".repeat(Math.floor(MAX_RELEASE_YAML_BYTES / 3) + 10);
    expect(threeBytes.length).toBeLessThan(MAX_RELEASE_YAML_BYTES);
    expect(parseReleaseStream(`# ${threeBytes}\n`).diagnostics[0]?.code).toBe("yaml-too-large");
    expect(parseReleaseStream(`# ${"€".repeat(1000)}\n`).diagnostics).toEqual([]);
  });
});

describe("aliases", () => {
  it("caps alias expansion (billion laughs) and still previews the other documents", () => {
    const levels = ["a: &a [x, x, x, x, x, x, x, x, x]"];
    for (let level = 1; level < 9; level++) {
      const previous = String.fromCharCode(96 + level);
      const current = String.fromCharCode(97 + level);
      levels.push(`${current}: &${current} [${new Array(9).fill(`*${previous}`).join(", ")}]`);
    }
    const bomb = `apiVersion: v1\nkind: ConfigMap\n${levels.join("\n")}\n`;
    const started = performance.now();
    const preview = previewRelease(`${IMAGES_CONFIG}---\n${bomb}---\n${WEB}`, CONTEXT);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(preview.diagnostics).toContainEqual(expect.objectContaining({ code: "yaml-alias-limit", severity: "error" }));
    expect(preview.images).toHaveLength(1);
  });

  it("accepts ordinary aliases", () => {
    const aliased = WEB.replace("      app: web\n  template:", "      app: &app web\n  template:").replace("        app: web\n", "        app: *app\n");
    expect(aliased.match(/&app|\*app/g)).toEqual(["&app", "*app"]);
    const preview = previewRelease(aliased, CONTEXT);
    expect(preview.diagnostics.map((diagnostic) => diagnostic.code).filter((code) => code !== "container-resources-missing")).toEqual(["image-not-in-images-section"]);
    expect(preview.images[0].rewritten).toBe(QUAY_PROXIED);
  });
});

describe("parseReleaseStream", () => {
  it("numbers documents in order and gives absolute offsets", () => {
    const release = "# leading comment\n---\na: 1\n---\n---\nb: 2\n";
    const parsed = parseReleaseStream(release);
    expect(parsed.documents.map((document) => [document.index, document.offset])).toEqual([
      [0, 18],
      [1, 27],
      [2, 31],
    ]);
    const last = parsed.documents[2];
    expect(release.slice(last.offset + last.doc.contents!.range[0])).toBe("b: 2\n");
  });

  it("parses streams with directives or document-end markers as a whole", () => {
    const release = `%YAML 1.2\n---\n${WEB}...\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n`;
    const preview = previewRelease(`${release}`, CONTEXT);
    expect(preview.images.map((image) => image.line)).toEqual([release.split("\n").findIndex((line) => line.includes(QUAY_IMAGE)) + 1]);
    expect(preview.rewritten).toBe(release.replace(QUAY_IMAGE, QUAY_PROXIED));
  });

  it("handles CRLF line endings", () => {
    const release = `${IMAGES_CONFIG}---\n${WEB}`.replaceAll("\n", "\r\n");
    const preview = previewRelease(release, CONTEXT);
    expect(preview.rewritten).toBe(`---\n${WEB}`.replaceAll("\n", "\r\n").replace(QUAY_IMAGE, QUAY_PROXIED));
    expect(release.split("\r\n")[preview.images[0].line - 1]).toContain(QUAY_IMAGE);
  });

  it("gives the same answer when documents come from the parse cache", () => {
    const release = `${IMAGES_CONFIG}---\n${WEB}---\nnot: [valid\n`;
    const first = previewRelease(release, CONTEXT);
    const second = previewRelease(release, CONTEXT);
    const shifted = previewRelease(`# moved down\n${release}`, CONTEXT);
    expect(second).toEqual(first);
    expect(shifted.images[0].line).toBe(first.images[0].line + 1);
    expect(shifted.diagnostics.map((diagnostic) => diagnostic.line)).toEqual(first.diagnostics.map((diagnostic) => diagnostic.line + 1));
  });
});
