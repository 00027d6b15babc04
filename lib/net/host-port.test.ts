import { describe, expect, it } from "vitest";
import { splitAuthority, stripScheme } from "./host-port";

describe("splitAuthority", () => {
  it.each([
    ["quay.io", { hostname: "quay.io", port: undefined, isBracketed: false }],
    ["Registry.Local:5000", { hostname: "registry.local", port: "5000", isBracketed: false }],
    ["[::1]:5000", { hostname: "::1", port: "5000", isBracketed: true }],
    ["[2001:DB8::1]", { hostname: "2001:db8::1", port: undefined, isBracketed: true }],
    ["host:", { hostname: "host", port: "", isBracketed: false }],
  ])("splits %s", (authority, expected) => {
    expect(splitAuthority(authority)).toEqual(expected);
  });

  it.each(["::1", "a:b:c", "[::1", "[::1]x"])("cannot split %s", (authority) => {
    expect(splitAuthority(authority)).toBeNull();
  });
});

describe("stripScheme", () => {
  it("drops a scheme and trailing slashes, naming the scheme", () => {
    expect(stripScheme("HTTP://localhost:3000/")).toEqual({ rest: "localhost:3000", scheme: "http" });
    expect(stripScheme("registry.example.com//")).toEqual({ rest: "registry.example.com" });
    expect(stripScheme("ftp://host")).toEqual({ rest: "host", scheme: "ftp" });
  });
});
