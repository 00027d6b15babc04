import { describe, expect, it } from "vitest";
import { getExternalRegistryAllowList } from "./config";

const env = (values: Record<string, string>) => values as unknown as NodeJS.ProcessEnv;

describe("getExternalRegistryAllowList", () => {
  it("reads EXTERNAL_REGISTRY_ALLOW from the given environment", () => {
    const allow = getExternalRegistryAllowList(env({ EXTERNAL_REGISTRY_ALLOW: "registry.lan,10.0.0.0/8" }));
    expect([...allow.hosts]).toEqual(["registry.lan"]);
    expect(allow.ranges).toHaveLength(1);
    expect(getExternalRegistryAllowList(env({})).ranges).toHaveLength(0);
  });

  it("fails loudly on a typo", () => {
    expect(() => getExternalRegistryAllowList(env({ EXTERNAL_REGISTRY_ALLOW: "10.0.0.0/99" }))).toThrow(/EXTERNAL_REGISTRY_ALLOW/);
  });
});
