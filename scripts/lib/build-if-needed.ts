// Builds the Next.js app when there is no build, or when a source file is newer than it.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { childProcessEnvironment } from "../../lib/config";

const SOURCE_DIRS = ["app", "components", "lib", "public"];
const SOURCE_FILES = ["next.config.js", "package.json", "postcss.config.mjs", "tsconfig.json"];

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(target)) {
    if (entry === "node_modules" || entry === "generated" || entry.endsWith(".test.ts")) continue;
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  }
  return newest;
}

export async function buildIfNeeded(log: (message: string) => void): Promise<void> {
  const buildId = path.resolve(".next", "BUILD_ID");
  const builtAt = existsSync(buildId) ? statSync(buildId).mtimeMs : 0;
  const sourcesAt = Math.max(...[...SOURCE_DIRS, ...SOURCE_FILES].map((p) => newestMtime(path.resolve(p))));
  if (builtAt > sourcesAt) return;
  log(builtAt ? "sources changed since the last build: building" : "no production build yet: building (about a minute)");
  const result = spawnSync(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "build"], {
    stdio: "inherit",
    env: childProcessEnvironment({ NEXT_TELEMETRY_DISABLED: "1" }),
  });
  if (result.status !== 0) throw new Error("next build failed; see the output above.");
}
