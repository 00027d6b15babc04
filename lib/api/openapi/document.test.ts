import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "./document";

const API_ROOT = path.resolve("app/api/v1");
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/** Catch-all route files ([...x]) dispatch several documented paths; each documented path lists the methods it takes. */
const CATCH_ALL_ROUTES: Record<string, Record<string, string[]>> = {
  "/apps/{slug}/images/{path}": { "/apps/{slug}/images/{repo}/tags": ["GET"], "/apps/{slug}/images/{repo}/manifests/{reference}": ["GET", "DELETE"] },
};

/** Replaces each catch-all route by the paths it serves, after checking they use exactly the methods the file exports. */
function expandCatchAllRoutes(routes: [string, string[]][]): [string, string[]][] {
  return routes.flatMap(([route, methods]): [string, string[]][] => {
    const served = CATCH_ALL_ROUTES[route];
    if (!served) return [[route, methods]];
    expect([...new Set(Object.values(served).flat())].sort(), route).toEqual([...methods].sort());
    return Object.entries(served);
  });
}

/** Every route file under app/api/v1 as [openapi path, methods it exports]. */
function listRoutes(dir = API_ROOT): [string, string[]][] {
  const found: [string, string[]][] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) found.push(...listRoutes(full));
    else if (entry === "route.ts") {
      const source = readFileSync(full, "utf8");
      const methods = METHODS.filter((m) => new RegExp(`export (const|async function) ${m}\\b|as ${m}\\b`).test(source));
      const route = "/" + path.relative(API_ROOT, dir).split(path.sep).map((s) => s.replace(/^\[\.{0,3}(.+)\]$/, "{$1}")).join("/");
      found.push([route, methods]);
    }
  }
  return found;
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("is OpenAPI 3.1", () => {
    expect(doc.openapi).toBe("3.1.0");
  });

  it("describes every /api/v1 route and method, and nothing that does not exist", () => {
    const routes = expandCatchAllRoutes(listRoutes().filter(([route]) => route !== "/openapi.json"));
    expect(routes.length).toBeGreaterThan(3);
    const documented = Object.entries(doc.paths as Record<string, Record<string, unknown>>).map(
      ([route, ops]) => [route, Object.keys(ops).map((m) => m.toUpperCase()).sort()] as [string, string[]],
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(routes.map(([r, m]) => [r, [...m].sort()])));
  });

  it("resolves every schema reference", () => {
    const text = JSON.stringify(doc);
    const refs = [...text.matchAll(/"#\/components\/schemas\/([A-Za-z]+)"/g)].map((m) => m[1]);
    for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name);
  });
});
