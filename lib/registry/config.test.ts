import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveRegistryConfig } from "@/lib/registry/config";

describe("resolveRegistryConfig", () => {
  it("defaults to .data/registry and the request's host", () => {
    expect(resolveRegistryConfig({})).toEqual({
      dataDir: path.resolve(".data"),
      storageDir: path.resolve(".data", "registry"),
      registryHost: null,
    });
  });

  it("puts the store under DATA_DIR unless REGISTRY_STORAGE_DIR says otherwise", () => {
    expect(resolveRegistryConfig({ DATA_DIR: "/srv/slipway" }).storageDir).toBe("/srv/slipway/registry");
    expect(resolveRegistryConfig({ DATA_DIR: "/srv/slipway", REGISTRY_STORAGE_DIR: "/mnt/blobs" }).storageDir).toBe("/mnt/blobs");
  });

  it("takes REGISTRY_HOST as a bare host even when written as a URL", () => {
    expect(resolveRegistryConfig({ REGISTRY_HOST: "registry.example.com:5000" }).registryHost).toBe("registry.example.com:5000");
    expect(resolveRegistryConfig({ REGISTRY_HOST: "https://registry.example.com/" }).registryHost).toBe("registry.example.com");
  });
});
