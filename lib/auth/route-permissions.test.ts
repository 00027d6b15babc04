import { describe, expect, it } from "vitest";
import { explainDenial } from "./access";
import { findRouteKey, ruleForRequest } from "./route-permissions";

describe("finding a request's row", () => {
  it("prefers static segments over dynamic ones, as Next.js routes them", () => {
    expect(findRouteKey("GET", "/api/v1/apps/shop/releases/compare")).toBe("GET /api/v1/apps/[slug]/releases/compare");
    expect(findRouteKey("GET", "/api/v1/apps/shop/releases/12")).toBe("GET /api/v1/apps/[slug]/releases/[sequence]");
    expect(findRouteKey("PUT", "/api/v1/apps/shop/releases/draft")).toBe("PUT /api/v1/apps/[slug]/releases/draft");
  });
  it("matches catch-all segments and decodes escapes", () => {
    expect(findRouteKey("DELETE", "/api/v1/apps/shop/images/team/api/manifests/v1")).toBe("DELETE /api/v1/apps/[slug]/images/[...path]");
    expect(findRouteKey("DELETE", "/api/v1/registries/my%20reg")).toBe("DELETE /api/v1/registries/[name]");
  });
  it("falls back to reading for GET and to admin for writes when no row matches", () => {
    expect(findRouteKey("GET", "/api/v1/nothing/here")).toBeNull();
    expect(ruleForRequest("GET", "/api/v1/nothing/here")).toBe("team:read");
    expect(ruleForRequest("POST", "/api/v1/nothing/here")).toBe("members:manage");
  });
});

describe("explaining a denial", () => {
  const person = (role: "owner" | "admin" | "developer" | "viewer", scopes: { app: string; actions: ("pull" | "push" | "delete" | "releases:write")[] }[] | null = null) => ({ kind: "person" as const, role, scopes });
  it("names the role that is not enough", () => {
    expect(explainDenial(person("viewer"), "registry:push")).toBe("Your role (viewer) does not allow pushing images.");
    expect(explainDenial(person("admin"), "team:owners")).toMatch(/admin/);
    expect(explainDenial(person("owner"), "team:delete")).toBeNull();
  });
  it("lets scopes narrow but never widen the role, and names the missing scope", () => {
    expect(explainDenial(person("viewer", [{ app: "shop", actions: ["push"] }]), "registry:push", "shop")).toMatch(/role \(viewer\)/);
    expect(explainDenial(person("owner", [{ app: "shop", actions: ["pull"] }]), "registry:push", "shop")).toBe('This token lacks the scope "push" on application "shop".');
    expect(explainDenial(person("owner", [{ app: "shop", actions: ["pull"] }]), "registry:pull", "other")).toMatch(/"pull" on application "other"/);
    expect(explainDenial(person("owner", [{ app: "shop", actions: ["pull"] }]), "customers:write", "shop")).toMatch(/without scopes/);
  });
  it("keeps service accounts to their scopes and out of account settings", () => {
    const robot = { kind: "service-account" as const, role: "developer" as const, scopes: [{ app: "shop", actions: ["releases:write" as const] }] };
    expect(explainDenial(robot, "releases:write", "shop")).toBeNull();
    expect(explainDenial(robot, "account")).toMatch(/Service accounts may not/);
    expect(explainDenial(robot, "members:manage")).toMatch(/Service accounts may not/);
  });
});
