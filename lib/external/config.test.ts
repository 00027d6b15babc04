import { describe, expect, it } from "vitest";
import { getExternalRegistryAllowList } from "./config";

describe("getExternalRegistryAllowList", () => {
  it("reads EXTERNAL_REGISTRY_ALLOW from the given environment", () => {
    const allow = getExternalRegistryAllowList({ EXTERNAL_REGISTRY_ALLOW: "registry.lan,10.0.0.0/8" } as NodeJS.ProcessEnv);
    expect([...allow.hosts]).toEqual(["registry.lan"]);
    expect(allow.ranges).toHaveLength(1);
    expect(getExternalRegistryAllowList({} as NodeJS.ProcessEnv).ranges).toHaveLength(0);
  });

  it("fails loudly on a typo", () => {
    expect(() => getExternalRegistryAllowList({ EXTERNAL_REGISTRY_ALLOW: "10.0.0.0/99" } as NodeJS.ProcessEnv)).toThrow(/EXTERNAL_REGISTRY_ALLOW/);
  });
});
