/**
 * Every /api/v1 route file (found on disk) hands each handler it exports to withApi with
 * its contract, and the contract names the file's path and the exported method: so the
 * OpenAPI document (built from the same contracts) describes what the route files serve,
 * and withApi validates each route's body and query. A catch-all file ([...path]) lists a
 * contract per path it serves.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { ApiRouteContract } from "@/lib/api/openapi/contract";
import { API_ROUTES } from "@/lib/api/openapi/routes";

const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"] as const;
const API_ROOT = path.resolve("app/api/v1");

function findRouteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return findRouteFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

/** `/apps/[slug]/images/[...path]` → a pattern for the documented paths it serves. */
function patternOf(file: string): RegExp {
  const segments = path.relative(API_ROOT, path.dirname(file)).split(path.sep);
  const source = segments
    .map((segment) => {
      const match = /^\[(\.\.\.)?(\w+)\]$/.exec(segment);
      if (!match) return segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      return match[1] ? ".+" : `\\{${match[2]}\\}`;
    })
    .join("/");
  return new RegExp(`^/${source}$`);
}

describe("route files and their contracts", () => {
  it("every exported handler carries contracts for its own path and method, and every contract is served", async () => {
    const served = new Set<ApiRouteContract>();
    const problems: string[] = [];
    for (const file of findRouteFiles(API_ROOT)) {
      const routeModule = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
      const pattern = patternOf(file);
      for (const method of METHODS) {
        const handler = routeModule[method] as { contracts?: ApiRouteContract[] } | undefined;
        if (!handler) continue;
        const where = `${method} ${path.relative(API_ROOT, file)}`;
        if (!handler.contracts?.length) problems.push(`${where}: no contract handed to withApi`);
        for (const contract of handler.contracts ?? []) {
          if (contract.method.toUpperCase() !== method) problems.push(`${where}: contract says ${contract.method.toUpperCase()}`);
          if (!pattern.test(contract.path)) problems.push(`${where}: contract path ${contract.path} is not this file's`);
          served.add(contract);
        }
      }
    }
    expect(problems).toEqual([]);
    const unserved = API_ROUTES.filter((contract) => !served.has(contract)).map((contract) => `${contract.method.toUpperCase()} ${contract.path}`);
    expect(unserved).toEqual([]);
    expect(served.size).toBeGreaterThan(50);
  });
});
