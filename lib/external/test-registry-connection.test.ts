/**
 * The connection test's refusals happen before any traffic: these cases only ever
 * reach the injected resolver, never a socket.
 */
import { describe, expect, it } from "vitest";
import { parseAllowList, type Resolver } from "./address-guard";
import { chooseScheme } from "./guarded-request";
import { normaliseEndpoint } from "./endpoint";
import { testRegistryConnection } from "./test-registry-connection";

const noAllow = parseAllowList("");
const dns: Resolver = async (host) => {
  const table: Record<string, string[]> = {
    "internal.example": ["10.20.30.40"],
    "registry.example": ["93.184.216.34"],
    "registry.lan": ["127.0.0.1"],
  };
  if (!table[host]) throw Object.assign(new Error("ENOTFOUND"), { code: "ENOTFOUND" });
  return table[host];
};

describe("testRegistryConnection refusals", () => {
  it.each([
    ["169.254.169.254", /169\.254\.169\.254 is a link-local address/],
    ["http://169.254.169.254/latest", /link-local/],
    ["10.0.0.1:5000", /private address/],
    ["127.0.0.2:5000", /loopback/],
    ["[::1]:5000", /loopback/],
    ["[::ffff:127.0.0.1]:5000", /loopback address \(IPv4 127\.0\.0\.1 inside IPv6\)/],
    ["internal.example/ns", /"internal\.example" resolves to 10\.20\.30\.40/],
  ])("stops %s at the resolve step and names EXTERNAL_REGISTRY_ALLOW", async (endpoint, reason) => {
    const result = await testRegistryConnection({ endpoint, username: "u", password: "pw-123456" }, { allow: noAllow, resolve: dns });
    expect(result.ok).toBe(false);
    expect(result.steps).toHaveLength(1);
    expect(result.steps[0]).toMatchObject({ step: "resolve", ok: false });
    expect(result.steps[0].message).toMatch(reason);
    expect(result.steps[0].message).toContain("EXTERNAL_REGISTRY_ALLOW");
  });

  it("refuses plain HTTP to a destination the operator did not allow", async () => {
    const result = await testRegistryConnection({ endpoint: "http://registry.example" }, { allow: noAllow, resolve: dns });
    expect(result.steps).toEqual([expect.objectContaining({ step: "resolve", ok: false, message: expect.stringMatching(/Refused plain HTTP to registry\.example/) })]);
  });

  it("reports an unknown host as a DNS failure", async () => {
    const result = await testRegistryConnection({ endpoint: "nowhere.example" }, { allow: noAllow, resolve: dns });
    expect(result.steps[0].message).toBe('Resolving the registry host failed: DNS lookup of "nowhere.example" failed: no such host.');
  });

  it("throws invalid_input for a bad endpoint, image or tag instead of testing", async () => {
    const options = { allow: noAllow, resolve: dns };
    await expect(testRegistryConnection({ endpoint: "" }, options)).rejects.toMatchObject({ code: "invalid_input" });
    await expect(testRegistryConnection({ endpoint: "quay.io", image: "Bad" }, options)).rejects.toThrow(/^image: /);
    await expect(testRegistryConnection({ endpoint: "quay.io", image: "ok", tag: "-bad" }, options)).rejects.toThrow(/^tag: /);
  });
});

describe("chooseScheme", () => {
  const destination = (isAllowListed: boolean, isLoopback: boolean) => ({ host: "h", addresses: ["1.2.3.4"], isAllowListed, isLoopback });

  it("uses HTTPS unless the operator allowed the destination", () => {
    expect(chooseScheme(normaliseEndpoint("quay.io"), destination(false, false))).toBe("https");
    expect(chooseScheme(normaliseEndpoint("registry.lan"), destination(true, false))).toBe("https");
    expect(chooseScheme(normaliseEndpoint("127.0.0.1:5000"), destination(true, true))).toBe("http");
    expect(chooseScheme(normaliseEndpoint("http://registry.lan"), destination(true, false))).toBe("http");
    expect(() => chooseScheme(normaliseEndpoint("http://quay.io"), destination(false, false))).toThrow(/EXTERNAL_REGISTRY_ALLOW/);
  });
});
