import { generateKeyPairSync, sign, verify } from "node:crypto";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { canonicalJson, parseLicenseFile, renderLicenseFile, type LicenseSpec } from "./license-file";

const SPEC: LicenseSpec = {
  formatVersion: 1,
  appSlug: "myapp",
  appName: "My App: \"quoted\" & more",
  customerId: "7d7c5a8e-0000-4000-8000-000000000000",
  customerName: "Acme\nCorp # not a comment",
  channel: "Stable",
  licenseId: "a".repeat(32),
  licenseType: "paid",
  expiresAt: "2027-01-31T23:59:59.999Z",
  entitlements: { airgap: true },
  registryHost: "registry.example.com:5000",
  issuedAt: "2026-11-30T12:00:00.000Z",
};

describe("canonical JSON", () => {
  it("sorts keys at every level and keeps arrays in order", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe('{"a":{"c":null,"d":[3,{"y":2,"z":1}]},"b":1}');
  });
});

describe("license files", () => {
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const signature = sign(null, Buffer.from(canonicalJson(SPEC)), privateKey).toString("base64");
  const text = renderLicenseFile(SPEC, signature);

  it("round-trip: every value reads back exactly, also awkward names", () => {
    const parsed = parseLicenseFile(text);
    expect(parsed).toEqual({ ok: true, spec: SPEC, signature });
  });

  it("verify with nothing but the YAML and Node's crypto", () => {
    const document = parse(text);
    const message = Buffer.from(canonicalJson(document.spec));
    expect(verify(null, message, publicKey, Buffer.from(document.signature.value, "base64"))).toBe(true);
    const changed = Buffer.from(canonicalJson({ ...document.spec, licenseType: "paiD" }));
    expect(verify(null, changed, publicKey, Buffer.from(document.signature.value, "base64"))).toBe(false);
  });

  it("explains what is wrong with something that is not a license file", () => {
    expect(parseLicenseFile("{{{")).toMatchObject({ ok: false, message: expect.stringMatching(/not valid YAML/) });
    expect(parseLicenseFile("kind: License")).toMatchObject({ ok: false, message: expect.stringMatching(/apiVersion/) });
    expect(parseLicenseFile(text.replace("airgap: true", "airgap: yes"))).toMatchObject({ ok: false, message: expect.stringMatching(/spec.entitlements.airgap/) });
    expect(parseLicenseFile(text.replace(/value: .*/, "value: nope"))).toMatchObject({ ok: false, message: expect.stringMatching(/signature.value/) });
    expect(parseLicenseFile(`${text}extra: [`.repeat(1) + "x".repeat(70_000))).toMatchObject({ ok: false, message: expect.stringMatching(/at most/) });
  });

  it("refuses extra fields in spec, which the signature would not cover as the vendor meant", () => {
    const extended = text.replace("  appSlug: myapp", "  appSlug: myapp\n  seats: 1000");
    expect(parseLicenseFile(extended)).toMatchObject({ ok: false, message: expect.stringMatching(/seats/) });
  });
});
