import { describe, expect, it } from "vitest";
import { redactPath, redactText } from "./redact";

describe("redactPath", () => {
  it("keeps paths and harmless query values, redacts the rest", () => {
    expect(redactPath("/v2/acme/web/blobs/uploads/abc?digest=sha256:00ff")).toBe("/v2/acme/web/blobs/uploads/abc?digest=sha256%3A00ff");
    expect(redactPath("/v2/token?service=localhost&scope=repository:acme/web:pull")).toBe("/v2/token?service=localhost&scope=repository%3Aacme%2Fweb%3Apull");
    expect(redactPath("/x?token=slw_secret&X-Amz-Signature=abc")).toBe("/x?token=[redacted]&X-Amz-Signature=[redacted]");
    expect(redactPath("/apps")).toBe("/apps");
  });

  it("redacts the secret of invitation and password-reset links, not ordinary ids", () => {
    expect(redactPath("/invitations/inv_s3cret?x=1")).toBe("/invitations/[redacted]?x=[redacted]");
    expect(redactPath("/api/v1/password-resets/abcDEF/accept")).toBe("/api/v1/password-resets/[redacted]/accept");
    expect(redactPath("/reset-password/abcDEF")).toBe("/reset-password/[redacted]");
    expect(redactPath("/api/v1/team/invitations/2b1e0c7e-0000-4000-8000-000000000000")).toBe("/api/v1/team/invitations/2b1e0c7e-0000-4000-8000-000000000000");
    expect(redactPath("/v2/token?account=LICENSEID1234&service=x")).toBe("/v2/token?account=[redacted]&service=x");
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
