import { describe, expect, it } from "vitest";
import { findGrantedActions, formatScope, parseScope, parseScopes } from "@/lib/registry/token/scopes";

describe("scopes", () => {
  it("parses repository and registry scopes", () => {
    expect(parseScope("repository:acme/web:pull,push")).toEqual({ type: "repository", name: "acme/web", actions: ["pull", "push"] });
    expect(parseScope("registry:catalog:*")).toEqual({ type: "registry", name: "catalog", actions: ["*"] });
    expect(parseScope("repository(plugin):acme/x:pull")).toEqual({ type: "repository", name: "acme/x", actions: ["pull"] });
  });

  it("expands * on repositories to every action", () => {
    expect(parseScope("repository:acme/web:*")?.actions).toEqual(["pull", "push", "delete"]);
  });

  it("keeps colons inside the name (a host with a port)", () => {
    expect(parseScope("repository:localhost:5000/acme/web:pull")?.name).toBe("localhost:5000/acme/web");
  });

  it("rejects malformed scopes", () => {
    expect(parseScope("repository")).toBeNull();
    expect(parseScope("repository:acme")).toBeNull();
    expect(parseScope(":acme/web:pull")).toBeNull();
  });

  it("merges repeated and space-separated scopes", () => {
    expect(parseScopes(["repository:a/b:pull repository:c/d:pull", "repository:a/b:push", "junk"])).toEqual([
      { type: "repository", name: "a/b", actions: ["pull", "push"] },
      { type: "repository", name: "c/d", actions: ["pull"] },
    ]);
  });

  it("formats scopes for challenges", () => {
    expect(formatScope({ type: "repository", name: "a/b", actions: ["pull", "push"] })).toBe("repository:a/b:pull,push");
  });

  it("finds granted actions, distinguishing no entry from an empty grant", () => {
    const access = [
      { type: "repository", name: "a/b", actions: ["pull"] },
      { type: "repository", name: "c/d", actions: [] },
    ];
    expect(findGrantedActions(access, "repository", "a/b")).toEqual(["pull"]);
    expect(findGrantedActions(access, "repository", "c/d")).toEqual([]);
    expect(findGrantedActions(access, "repository", "e/f")).toBeNull();
  });
});
