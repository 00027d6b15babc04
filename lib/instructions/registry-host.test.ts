import { describe, expect, it } from "vitest";
import { isLoopbackHost, parseRegistryAddress } from "./registry-host";

describe("isLoopbackHost", () => {
  it.each(["localhost", "localhost:3000", "LOCALHOST:5000", "registry.localhost:443", "127.0.0.1", "127.0.0.1:3000", "127.1.2.3:80", "[::1]:3000", "[::1]"])(
    "treats %s as loopback",
    (host) => expect(isLoopbackHost(host)).toBe(true),
  );

  it.each(["registry.example.com", "10.0.0.5:5000", "128.0.0.1", "127.0.0.256", "localhost.example.com", "mylocalhost:3000", "[::2]:3000", "127.0.0.1.nip.io"])(
    "treats %s as remote",
    (host) => expect(isLoopbackHost(host)).toBe(false),
  );
});

describe("parseRegistryAddress", () => {
  it("keeps host:port and marks a bare loopback host as plain HTTP", () => {
    expect(parseRegistryAddress("localhost:3000")).toEqual({ host: "localhost:3000", isLoopback: true, isPlainHttp: true });
  });

  it("treats a remote host without a scheme as HTTPS", () => {
    expect(parseRegistryAddress("registry.example.com")).toEqual({ host: "registry.example.com", isLoopback: false, isPlainHttp: false });
  });

  it("strips a scheme and trailing slash, and lets the scheme decide plain HTTP", () => {
    expect(parseRegistryAddress(" https://localhost:3000/ ")).toEqual({ host: "localhost:3000", isLoopback: true, isPlainHttp: false });
    expect(parseRegistryAddress("http://registry.lan:5000")).toEqual({ host: "registry.lan:5000", isLoopback: false, isPlainHttp: true });
  });
});
