import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { CONTEXT, GUESTBOOK } from "./test-fixtures";

function duplicates(text: string) {
  return previewRelease(text, CONTEXT)
    .diagnostics.filter((diagnostic) => diagnostic.code === "duplicate-object")
    .map((diagnostic) => [diagnostic.severity, diagnostic.line, diagnostic.message]);
}

const CONFIG_MAP = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n";

describe("duplicate-object", () => {
  it("finds none in the guestbook, where a Deployment and a Service share a name", () => {
    expect(duplicates(GUESTBOOK)).toEqual([]);
  });

  it("is an error on the repeat, naming the first", () => {
    expect(duplicates(`${CONFIG_MAP}---\n${CONFIG_MAP}`)).toEqual([
      ["error", 9, 'ConfigMap "settings" is defined twice (first on line 4); on install the second replaces the first. Rename one or remove the duplicate.'],
    ]);
  });

  it("tells namespaces apart", () => {
    const other = CONFIG_MAP.replace("name: settings", "name: settings\n  namespace: other");
    expect(duplicates(`${CONFIG_MAP}---\n${other}`)).toEqual([]);
    expect(duplicates(`${other}---\n${other}`)[0][2]).toMatch(/^ConfigMap "settings" in namespace other is defined twice/);
  });
});
