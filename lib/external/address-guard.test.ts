import { describe, expect, it } from "vitest";
import { checkDestination, explainNonPublicAddress, isLoopbackAddress, isPublicAddress, parseAllowList, type Resolver } from "./address-guard";
import { UpstreamError } from "./upstream-error";

/** A resolver from a table: the tests never send DNS traffic. */
function fakeDns(table: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (host: string) => {
    calls.push(host);
    if (!(host in table)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: "ENOTFOUND" });
    return table[host];
  };
  return Object.assign(resolve, { calls });
}

async function refusal(promise: Promise<unknown>): Promise<UpstreamError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(UpstreamError);
  return error as UpstreamError;
}

describe("isPublicAddress", () => {
  it.each([
    "169.254.169.254", "10.0.0.1", "172.16.0.1", "192.168.1.1", "127.0.0.1", "127.0.0.2", "0.0.0.0", "100.64.0.1",
    "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.51.100.7", "203.0.113.9", "224.0.0.1", "240.0.0.1", "255.255.255.255",
    "::", "::1", "fd00::1", "fc00::1", "fe80::1", "ff02::1", "2001:db8::1", "64:ff9b::a00:1",
    "::ffff:10.0.0.1", "::ffff:a00:1", "::ffff:127.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "2002:a00:1::1",
  ])("refuses %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(false);
  });

  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2606:4700:4700::1111", "::ffff:8.8.8.8"])("accepts %s", (ip) => {
    expect(isPublicAddress(ip)).toBe(true);
  });

  it("explains the category, naming the IPv4 inside a mapped address", () => {
    expect(explainNonPublicAddress("169.254.169.254")).toMatch(/link-local.*metadata/);
    expect(explainNonPublicAddress("::ffff:a00:1")).toBe("a private address (IPv4 10.0.0.1 inside IPv6)");
    expect(explainNonPublicAddress("not-an-ip")).toBe("not an IP address");
  });

  it("knows loopback in every spelling", () => {
    expect(["127.0.0.1", "127.9.9.9", "::1", "::ffff:127.0.0.1"].every(isLoopbackAddress)).toBe(true);
    expect(isLoopbackAddress("10.0.0.1")).toBe(false);
  });
});

describe("parseAllowList", () => {
  it("reads hosts, addresses and CIDRs of both versions", () => {
    const allow = parseAllowList(" Registry.Internal. , 10.1.0.0/16,127.0.0.1, [::1], fd00::/8 ,, ");
    expect([...allow.hosts]).toEqual(["registry.internal"]);
    expect(allow.ranges.map((r) => `${r.version}/${r.prefix}`)).toEqual(["4/16", "4/32", "6/128", "6/8"]);
  });

  it("is empty when unset and refuses malformed entries with the variable's name", () => {
    expect(parseAllowList(undefined).ranges).toHaveLength(0);
    expect(() => parseAllowList("10.0.0.0/40")).toThrow(/EXTERNAL_REGISTRY_ALLOW: "10.0.0.0\/40"/);
    expect(() => parseAllowList("http://x")).toThrow(/EXTERNAL_REGISTRY_ALLOW/);
  });
});

describe("checkDestination", () => {
  const none = parseAllowList("");

  it("accepts a host whose every address is public", async () => {
    const resolve = fakeDns({ "quay.io": ["44.1.2.3", "2600:1f18::1"] });
    const checked = await checkDestination("quay.io", { allow: none, resolve });
    expect(checked).toEqual({ host: "quay.io", addresses: ["44.1.2.3", "2600:1f18::1"], isAllowListed: false, isLoopback: false });
  });

  it.each(["169.254.169.254", "10.0.0.1", "172.16.0.1", "192.168.1.1", "fd00::1", "[fd00::1]", "::ffff:10.0.0.1", "::ffff:a00:1", "::ffff:127.0.0.1", "127.0.0.2", "[::1]", "::1"])(
    "refuses the literal %s without asking DNS",
    async (host) => {
      const resolve = fakeDns({});
      const error = await refusal(checkDestination(host, { allow: none, resolve }));
      expect(error.reason).toBe("refused_address");
      expect(error.message).toContain("EXTERNAL_REGISTRY_ALLOW");
      expect(resolve.calls).toEqual([]);
    },
  );

  it("refuses a name resolving to a private address, even when another address is public", async () => {
    const resolve = fakeDns({ "evil.example": ["93.184.216.34", "10.0.0.7"] });
    const error = await refusal(checkDestination("evil.example", { allow: none, resolve }));
    expect(error.message).toContain('"evil.example" resolves to 10.0.0.7, a private address');
    expect(error.message).toContain("EXTERNAL_REGISTRY_ALLOW");
  });

  it("refuses metadata reached through a mapped IPv6 answer", async () => {
    const resolve = fakeDns({ "meta.example": ["::ffff:169.254.169.254"] });
    const error = await refusal(checkDestination("meta.example", { allow: none, resolve }));
    expect(error.message).toMatch(/link-local/);
  });

  it("allows exactly what the operator lists, and nothing beside it", async () => {
    const allow = parseAllowList("127.0.0.1,registry.internal,10.5.0.0/16");
    expect((await checkDestination("127.0.0.1", { allow })).isLoopback).toBe(true);
    expect((await checkDestination("::ffff:127.0.0.1", { allow })).isAllowListed).toBe(true);
    await expect(checkDestination("127.0.0.2", { allow })).rejects.toThrow(/EXTERNAL_REGISTRY_ALLOW/);
    await expect(checkDestination("[::1]", { allow })).rejects.toThrow(/EXTERNAL_REGISTRY_ALLOW/);

    const resolve = fakeDns({ "registry.internal": ["192.168.9.9"], "other.internal": ["10.5.1.1", "10.6.1.1"] });
    const byHost = await checkDestination("registry.internal", { allow, resolve });
    expect(byHost).toMatchObject({ addresses: ["192.168.9.9"], isAllowListed: true, isLoopback: false });
    await expect(checkDestination("other.internal", { allow, resolve })).rejects.toThrow(/10\.6\.1\.1/);
  });

  it("reports DNS failures as such", async () => {
    const error = await refusal(checkDestination("missing.example", { allow: none, resolve: fakeDns({}) }));
    expect(error.reason).toBe("dns");
    expect(error.message).toBe('DNS lookup of "missing.example" failed: no such host.');
    const empty = await refusal(checkDestination("empty.example", { allow: none, resolve: fakeDns({ "empty.example": [] }) }));
    expect(empty.message).toMatch(/no addresses/);
  });
});
