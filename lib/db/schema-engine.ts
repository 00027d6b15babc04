/**
 * Prisma's schema engine, loaded from its WebAssembly build, used only to diff two
 * datamodels into migration SQL. The native engine downloads at run time, which these
 * machines cannot do; the wasm engine ships inside its npm package.
 */
import { bindMigrationAwareSqlAdapterFactory } from "@prisma/driver-adapter-utils";
import { PrismaPg } from "@prisma/adapter-pg";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { pathToFileURL } from "node:url";

type SchemaFile = { path: string; content: string };
type DiffTarget = { tag: "empty" } | { tag: "schemaDatamodel"; files: SchemaFile[] };
interface SchemaEngine {
  diff(params: { from: DiffTarget; to: DiffTarget; script: boolean; exitCode: boolean | null; filters: { externalTables: string[]; externalEnums: string[] } }): Promise<{ exitCode: number; stdout: string | null }>;
}

let enginePromise: Promise<SchemaEngine> | undefined;

async function loadEngine(connectionString: string): Promise<SchemaEngine> {
  const pkgDir = path.join(process.cwd(), "node_modules", "@prisma", "schema-engine-wasm");
  const bg = await import(pathToFileURL(path.join(pkgDir, "schema_engine_bg.js")).href);
  const wasmBytes = await readFile(path.join(pkgDir, "schema_engine_bg.wasm"));
  const { instance } = await WebAssembly.instantiate(wasmBytes, { "./schema_engine_bg.js": bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  // diff only asks the server's version; no schema is read or written.
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString }));
  return bg.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
}

/**
 * SQL that turns a database built from `from` (or an empty one) into one built from
 * `to`. The engine insists on a live connection but only reads the server version.
 */
export async function diffDatamodels(from: string | null, to: string, connectionString: string): Promise<string> {
  enginePromise ??= loadEngine(connectionString);
  const engine = await enginePromise;
  const target = (content: string): DiffTarget => ({ tag: "schemaDatamodel", files: [{ path: "schema.prisma", content }] });
  const result = await engine.diff({
    from: from === null ? { tag: "empty" } : target(from),
    to: target(to),
    script: true,
    exitCode: null,
    filters: { externalTables: [], externalEnums: [] },
  });
  return result.stdout ?? "";
}
