import { describe, expect, it } from "vitest";
import { extractEmbeddedIpv4, formatIp, isInCidr, parseCidr, parseIp } from "./ip-address";

const hex = (text: string) => Buffer.from(parseIp(text)!.bytes).toString("hex");

describe("parseIp", () => {
  it("parses IPv4 and the IPv6 spellings to the same bytes", () => {
    expect(Array.from(parseIp("10.0.0.1")!.bytes)).toEqual([10, 0, 0, 1]);
    expect(hex("::ffff:10.0.0.1")).toBe("00000000000000000000ffff0a000001");
    expect(hex("::ffff:a00:1")).toBe(hex("::ffff:10.0.0.1"));
    expect(hex("0:0:0:0:0:ffff:0a00:0001")).toBe(hex("::ffff:10.0.0.1"));
    expect(hex("fd00::1")).toBe("fd000000000000000000000000000001");
    expect(hex("1::")).toBe("00010000000000000000000000000000");
    expect(hex("[::1]")).toBe("00000000000000000000000000000001");
    expect(hex("fe80::1%eth0")).toBe("fe800000000000000000000000000001");
  });

  it("rejects what is not an address", () => {
    for (const text of ["", "1.2.3", "256.0.0.1", "example.com", "1::2::3", "::g"]) expect(parseIp(text)).toBeNull();
  });
});

describe("parseCidr and isInCidr", () => {
  it("matches addresses inside the prefix only", () => {
    const range = parseCidr("172.16.0.0/12")!;
    expect(isInCidr(parseIp("172.31.255.255")!, range)).toBe(true);
    expect(isInCidr(parseIp("172.32.0.0")!, range)).toBe(false);
    expect(isInCidr(parseIp("::ffff:172.16.0.1")!, range)).toBe(false); // different version: callers extract first
    expect(isInCidr(parseIp("fc12::5")!, parseCidr("fc00::/7")!)).toBe(true);
    expect(isInCidr(parseIp("fe00::5")!, parseCidr("fc00::/7")!)).toBe(false);
  });

  it("treats a bare address as a single-address range and rejects bad prefixes", () => {
    expect(parseCidr("127.0.0.1")!.prefix).toBe(32);
    expect(parseCidr("::1")!.prefix).toBe(128);
    expect(parseCidr("10.0.0.0/33")).toBeNull();
    expect(parseCidr("10.0.0.0/x")).toBeNull();
    expect(parseCidr("10.0.0.0/8/1")).toBeNull();
  });
});

describe("extractEmbeddedIpv4", () => {
  it("finds IPv4 in mapped, compatible and 6to4 forms but not in :: or ::1", () => {
    expect(formatIp(extractEmbeddedIpv4(parseIp("::ffff:127.0.0.1")!)!)).toBe("127.0.0.1");
    expect(formatIp(extractEmbeddedIpv4(parseIp("::10.0.0.1")!)!)).toBe("10.0.0.1");
    expect(formatIp(extractEmbeddedIpv4(parseIp("2002:c0a8:0101::1")!)!)).toBe("192.168.1.1");
    expect(extractEmbeddedIpv4(parseIp("::1")!)).toBeNull();
    expect(extractEmbeddedIpv4(parseIp("::")!)).toBeNull();
    expect(extractEmbeddedIpv4(parseIp("2606:4700::1")!)).toBeNull();
  });
});
