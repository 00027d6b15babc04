import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { Validator } from "@seriousme/openapi-schema-validator";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { APP_ERROR_STATUS } from "@/lib/errors";
import { defineRoute } from "./contract";
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

async function validateOpenApi(document: unknown) {
  const validator = new Validator();
  return validator.validate(document as Parameters<Validator["validate"]>[0]);
}

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument();

  it("describes every /api/v1 route and method, and nothing that does not exist", () => {
    const routes = expandCatchAllRoutes(listRoutes());
    expect(routes.length).toBeGreaterThan(3);
    const documented = Object.entries(doc.paths ?? {}).map(
      ([route, ops]) => [route, Object.keys(ops).map((m) => m.toUpperCase()).sort()] as [string, string[]],
    );
    expect(Object.fromEntries(documented)).toEqual(Object.fromEntries(routes.map(([r, m]) => [r, [...m].sort()])));
  });

  it("is a valid OpenAPI 3.1 document", async () => {
    expect(doc.openapi).toBe("3.1.0");
    const result = await validateOpenApi(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("the validator refuses a broken document, so the check above can fail", async () => {
    const broken = structuredClone(doc) as unknown as { paths: Record<string, Record<string, { responses: Record<string, { description?: string }> }>> };
    delete broken.paths["/apps"]!.get!.responses["200"]!.description;
    expect((await validateOpenApi(broken)).valid).toBe(false);
  });

  it("names every code of the error table as a response with its status", () => {
    const responses = doc.components?.responses ?? {};
    expect(Object.keys(responses).sort()).toEqual(Object.keys(APP_ERROR_STATUS).sort());
    const getApp = doc.paths?.["/apps/{slug}"]?.get?.responses ?? {};
    expect(getApp["404"]).toEqual({ $ref: "#/components/responses/not_found" });
    expect(getApp["401"]).toEqual({ $ref: "#/components/responses/unauthorized" });
  });

  it("resolves every reference", () => {
    const text = JSON.stringify(doc);
    for (const [, kind, name] of text.matchAll(/"#\/components\/(schemas|responses)\/([A-Za-z_]+)"/g)) {
      expect((doc.components as Record<string, Record<string, unknown>>)[kind!], `${kind}/${name}`).toHaveProperty(name!);
    }
  });

  it("documents a contract's body, query and path parameters from its zod schemas", () => {
    const contract = defineRoute({
      method: "post",
      path: "/things/{id}",
      summary: "A test route",
      body: z.object({ name: z.string().min(2) }),
      query: z.object({ dryRun: z.enum(["0", "1"]).optional() }),
      response: { status: 201, schema: z.object({ ok: z.boolean() }) },
      errors: ["conflict"],
    });
    const operation = buildOpenApiDocument("/api/v1", [contract]).paths?.["/things/{id}"]?.post;
    expect(operation?.parameters?.map((p) => ("name" in p ? `${p.in}:${p.name}` : "ref"))).toEqual(["path:id", "query:dryRun"]);
    expect(JSON.stringify(operation?.requestBody)).toContain('"minLength":2');
    expect(Object.keys(operation?.responses ?? {}).sort()).toEqual(["201", "400", "401", "403", "409", "413", "500"]);
  });
});
