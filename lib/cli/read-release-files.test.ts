import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { locateLine, readReleaseFiles } from "./read-release-files";

let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "slipway-release-files-"));
  await mkdir(path.join(dir, "manifests"));
  await writeFile(path.join(dir, "manifests", "b.yml"), "kind: B\n");
  await writeFile(path.join(dir, "manifests", "a.yaml"), "kind: A\nmetadata: {}");
  await writeFile(path.join(dir, "manifests", "README.md"), "# not YAML");
  await writeFile(path.join(dir, "config.yaml"), "images: []\n");
});

afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readReleaseFiles", () => {
  it("joins files and directories' YAML in name order as one stream, and maps lines back", async () => {
    const release = await readReleaseFiles(["config.yaml", "manifests"], dir);
    expect(release.text).toBe("images: []\n---\nkind: A\nmetadata: {}\n---\nkind: B\n");
    expect(release.sources.map((source) => [source.file, source.firstLine, source.lineCount])).toEqual([
      ["config.yaml", 1, 1],
      [path.join("manifests", "a.yaml"), 3, 2],
      [path.join("manifests", "b.yml"), 6, 1],
    ]);
    expect(locateLine(release.sources, 4)).toEqual({ file: path.join("manifests", "a.yaml"), line: 2 });
  });

  it("says what is wrong with a missing path or a folder without YAML", async () => {
    await expect(readReleaseFiles(["nope.yaml"], dir)).rejects.toThrow("nope.yaml: no such file or directory.");
    await mkdir(path.join(dir, "empty"));
    await expect(readReleaseFiles(["empty"], dir)).rejects.toThrow("empty: the directory has no *.yaml or *.yml files.");
    await expect(readReleaseFiles([], dir)).rejects.toThrow(/Name the release/);
  });
});
