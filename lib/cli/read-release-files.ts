/**
 * Reading a release from the command line: files as given, and each directory as
 * every `*.yaml`/`*.yml` in it (not below it) in name order, joined into one YAML
 * stream. Diagnostics' lines are mapped back to the file they came from.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { CliError } from "./cli-error";

export interface ReleaseSource {
  /** The path as the user would recognise it (relative to the working directory). */
  file: string;
  /** 1-based line of the release stream where this file's first line is. */
  firstLine: number;
  lineCount: number;
}

export interface ReleaseFiles {
  text: string;
  sources: ReleaseSource[];
}

/** Reads and joins the release; a missing path or a directory without YAML is a usage error. */
export async function readReleaseFiles(paths: readonly string[], cwd: string): Promise<ReleaseFiles> {
  if (paths.length === 0) throw new CliError("Name the release: one or more YAML files or directories.");
  // Each file as the user named it (a directory's files under the directory's name) and where it is.
  const files: { name: string; full: string }[] = [];
  for (const given of paths) {
    const full = path.resolve(cwd, given);
    const info = await stat(full).catch(() => null);
    if (!info) throw new CliError(`${given}: no such file or directory.`);
    if (!info.isDirectory()) files.push({ name: given, full });
    else {
      const names = (await readdir(full)).filter((name) => /\.ya?ml$/i.test(name)).sort();
      if (names.length === 0) throw new CliError(`${given}: the directory has no *.yaml or *.yml files.`);
      files.push(...names.map((name) => ({ name: path.join(given, name), full: path.join(full, name) })));
    }
  }
  const sources: ReleaseSource[] = [];
  const parts: string[] = [];
  let line = 1;
  for (const file of files) {
    let text = await readFile(file.full, "utf8");
    if (!text.endsWith("\n")) text += "\n";
    // Files are separate documents; the separator line belongs to no file.
    if (parts.length > 0) {
      parts.push("---\n");
      line += 1;
    }
    const lineCount = text.split("\n").length - 1;
    sources.push({ file: file.name, firstLine: line, lineCount });
    parts.push(text);
    line += lineCount;
  }
  return { text: parts.join(""), sources };
}

/** The file and line within it of a line of the joined release. */
export function locateLine(sources: readonly ReleaseSource[], line: number): { file: string; line: number } {
  for (const source of sources) {
    if (line >= source.firstLine && line < source.firstLine + source.lineCount) return { file: source.file, line: line - source.firstLine + 1 };
  }
  const last = sources[sources.length - 1];
  return { file: last.file, line: Math.max(1, line - last.firstLine + 1) };
}
