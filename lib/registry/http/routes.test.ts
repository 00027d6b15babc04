import { describe, expect, it } from "vitest";
import { matchRoute, resolveRouteAccess } from "@/lib/registry/http/routes";

const digest = `sha256:${"a".repeat(64)}`;

describe("matchRoute", () => {
  it.each([
    ["/v2/", "base", {}],
    ["/v2", "base", {}],
    ["/v2/token", "token", {}],
    ["/v2/_catalog", "catalog", {}],
    ["/v2/acme/web/tags/list", "tags", { name: "acme/web" }],
    ["/v2/acme/team/web/manifests/v1.2", "manifest", { name: "acme/team/web", reference: "v1.2" }],
    [`/v2/acme/web/manifests/${digest}`, "manifest", { name: "acme/web", reference: digest }],
    [`/v2/acme/web/blobs/${digest}`, "blob", { name: "acme/web", digest }],
    ["/v2/acme/web/blobs/uploads/", "uploads", { name: "acme/web" }],
    ["/v2/acme/web/blobs/uploads", "uploads", { name: "acme/web" }],
    ["/v2/acme/web/blobs/uploads/0b9c4f0e-2f62-4a0e-b0d6-9b5b1b4f1a11", "upload", { name: "acme/web", uploadId: "0b9c4f0e-2f62-4a0e-b0d6-9b5b1b4f1a11" }],
    [`/v2/acme/web/referrers/${digest}`, "referrers", { name: "acme/web", digest }],
  ])("routes %s to %s", (path, route, params) => {
    const match = matchRoute(path);
    expect(match?.route.name).toBe(route);
    expect(match).toMatchObject(params);
  });

  it("decodes escaped digests and leaves traversal for name validation", () => {
    expect(matchRoute(`/v2/acme/web/blobs/sha256%3A${"a".repeat(64)}`)?.digest).toBe(digest);
    expect(matchRoute("/v2/acme/../web/manifests/latest")?.name).toBe("acme/../web");
  });

  it("does not match paths outside the API or with broken escapes", () => {
    expect(matchRoute("/v3/")).toBeNull();
    expect(matchRoute("/v2/acme/web/unknown/x")).toBeNull();
    expect(matchRoute("/v2/acme/web/manifests/%E0%A4%A")).toBeNull();
  });
});

describe("resolveRouteAccess", () => {
  it("maps methods to the action they need and refuses the rest", () => {
    const manifest = matchRoute("/v2/a/b/manifests/latest")!.route;
    expect(resolveRouteAccess(manifest, "GET")).toBe("pull");
    expect(resolveRouteAccess(manifest, "PUT")).toBe("push");
    expect(resolveRouteAccess(manifest, "DELETE")).toBe("delete");
    expect(resolveRouteAccess(manifest, "PATCH")).toBeNull();
    expect(resolveRouteAccess(matchRoute("/v2/")!.route, "GET")).toBe("authenticated");
    expect(resolveRouteAccess(matchRoute("/v2/token")!.route, "GET")).toBe("public");
  });
});
