/**
 * The release editor's first-load JavaScript in the production build
 * (`node --import tsx scripts/measure-editor-bundle.ts [project dir]`, after `next build`):
 * the framework's root chunks plus every chunk the page and its layouts name in the
 * client reference manifest, each counted once, raw and gzip-compressed (level 9, as
 * a server or proxy would send them). Chunks loaded later on demand (the Kubernetes
 * schemas) are listed apart. Not a test; prints figures for the README.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

const PAGE = "/(portal)/apps/[slug]/releases/new/page";

const root = path.resolve(process.argv[2] ?? ".");
const next = path.join(root, ".next");

function readManifest(): Record<string, string[]> {
  const file = path.join(next, "server/app", PAGE.slice(1) + "_client-reference-manifest.js");
  const sandbox = { globalThis: {} as { __RSC_MANIFEST?: Record<string, { entryJSFiles: Record<string, string[]> }> } };
  new Function("globalThis", "self", readFileSync(file, "utf8"))(sandbox.globalThis, sandbox.globalThis);
  const manifest = sandbox.globalThis.__RSC_MANIFEST?.[PAGE];
  if (!manifest) throw new Error(`no client reference manifest for ${PAGE} in ${file}`);
  return manifest.entryJSFiles;
}

function sizeOf(chunk: string): { raw: number; gzip: number } {
  const bytes = readFileSync(path.join(next, chunk));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

const buildManifest = JSON.parse(readFileSync(path.join(next, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
const entries = readManifest();
const firstLoad = new Set([...buildManifest.rootMainFiles, ...Object.values(entries).flat()]);
let raw = 0;
let gzip = 0;
for (const chunk of firstLoad) {
  const size = sizeOf(chunk);
  raw += size.raw;
  gzip += size.gzip;
}
console.log(`release editor (${PAGE}) first-load JavaScript: ${firstLoad.size} chunks, ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip`);

// Chunks holding kubernetes-models schemas are the ones the editor loads on demand.
const chunksDir = path.join(next, "static/chunks");
let schemaChunks = 0;
let schemaGzip = 0;
for (const name of readdirSync(chunksDir)) {
  const file = path.join(chunksDir, name);
  if (!name.endsWith(".js") || !statSync(file).isFile() || firstLoad.has(`static/chunks/${name}`)) continue;
  const text = readFileSync(file, "utf8");
  // ajv's standalone code, which the precompiled schemas are, marks every check with its schemaPath.
  if (!text.includes('schemaPath:"#/')) continue;
  schemaChunks++;
  schemaGzip += gzipSync(text, { level: 9 }).length;
}
console.log(`on-demand schema chunks: ${schemaChunks}, ${(schemaGzip / 1024).toFixed(1)} KiB gzip in all (a release loads only its kinds')`);
