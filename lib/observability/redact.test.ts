import { describe, expect, it } from "vitest";
import { redactPath, redactText } from "./redact";

describe("redactPath", () => {
  it("keeps paths and harmless query values, redacts the rest", () => {
    expect(redactPath("/v2/acme/web/blobs/uploads/abc?digest=sha256:00ff")).toBe("/v2/acme/web/blobs/uploads/abc?digest=sha256%3A00ff");
    expect(redactPath("/v2/token?service=localhost&scope=repository:acme/web:pull")).toBe("/v2/token?service=localhost&scope=repository%3Aacme%2Fweb%3Apull");
    expect(redactPath("/x?token=slw_secret&X-Amz-Signature=abc")).toBe("/x?token=[redacted]&X-Amz-Signature=[redacted]");
    expect(redactPath("/apps")).toBe("/apps");
  });
});

describe("redactText", () => {
  it("removes tokens, credentials in URLs and presigning parameters", () => {
    const text = "GET https://user:hunter2@s3.example/b/k?X-Amz-Credential=AKIA&X-Amz-Signature=deadbeef failed; Authorization: Bearer eyJhbGciOi.x.y; token slw_abcDEF123";
    const redacted = redactText(text);
    for (const secret of ["hunter2", "AKIA", "deadbeef", "eyJhbGciOi", "slw_abcDEF123"]) expect(redacted).not.toContain(secret);
    expect(redacted).toContain("s3.example/b/k");
  });
});
