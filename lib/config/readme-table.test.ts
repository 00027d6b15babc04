import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { CONFIG_VARIABLES } from "./schema";

/** The variable names in the first column of the README's configuration table. */
function readDocumentedVariables(): string[] {
  const readme = readFileSync(path.resolve(__dirname, "../../README.md"), "utf8");
  const section = readme.split(/^## Configuration$/m)[1]?.split(/^#{2,3} /m)[0] ?? "";
  const names: string[] = [];
  for (const line of section.split("\n")) {
    const firstCell = /^\|([^|]*)\|/.exec(line)?.[1] ?? "";
    for (const match of firstCell.matchAll(/`([A-Z][A-Z0-9_]*)`/g)) names.push(match[1]!);
  }
  return names;
}

describe("the README's configuration table", () => {
  it("lists exactly the variables of the schema, each once", () => {
    const documented = readDocumentedVariables();
    expect(documented.length).toBeGreaterThan(10);
    expect(new Set(documented).size, "a variable is listed twice").toBe(documented.length);
    expect([...documented].sort()).toEqual([...CONFIG_VARIABLES].sort());
  });
});
