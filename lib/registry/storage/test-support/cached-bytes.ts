import { execFileSync } from "node:child_process";

/** How many bytes of the file the page cache holds, as util-linux's fincore counts them. */
export function cachedBytes(file: string): number {
  return Number(execFileSync("fincore", ["--bytes", "--noheadings", "--raw", "--output", "RES", file], { encoding: "utf8" }).trim());
}
