import { describe, expect, it } from "vitest";
import { REGISTRY_ERROR_TABLE, RegistryError, renderRegistryErrorBody } from "@/lib/registry/errors";

describe("registry errors", () => {
  it("maps every spec code to the status distribution answers with", () => {
    const statuses = Object.fromEntries(Object.entries(REGISTRY_ERROR_TABLE).map(([code, entry]) => [code, entry.status]));
    expect(statuses).toMatchObject({
      BLOB_UNKNOWN: 404,
      BLOB_UPLOAD_UNKNOWN: 404,
      DIGEST_INVALID: 400,
      MANIFEST_BLOB_UNKNOWN: 400,
      MANIFEST_INVALID: 400,
      MANIFEST_UNKNOWN: 404,
      NAME_INVALID: 400,
      NAME_UNKNOWN: 404,
      SIZE_INVALID: 400,
      UNAUTHORIZED: 401,
      DENIED: 403,
      UNSUPPORTED: 405,
      TOOMANYREQUESTS: 429,
    });
  });

  it("renders the spec's body with the default message unless one is given", () => {
    expect(renderRegistryErrorBody(new RegistryError("BLOB_UNKNOWN"))).toEqual({
      errors: [{ code: "BLOB_UNKNOWN", message: "blob unknown to registry" }],
    });
    const error = new RegistryError("DIGEST_INVALID", "digest mismatch", { digest: "sha256:x" });
    expect(renderRegistryErrorBody(error)).toEqual({ errors: [{ code: "DIGEST_INVALID", message: "digest mismatch", detail: { digest: "sha256:x" } }] });
  });

  it("names the request id in the detail, beside whatever detail the error carries", () => {
    const render = (detail: unknown) => renderRegistryErrorBody(new RegistryError("DENIED", "no", detail), "req-1").errors[0]!.detail;
    expect(render(undefined)).toEqual({ requestId: "req-1" });
    expect(render({ digest: "sha256:x" })).toEqual({ digest: "sha256:x", requestId: "req-1" });
    expect(render([{ type: "repository", name: "a/b", action: "push" }])).toEqual({ access: [{ type: "repository", name: "a/b", action: "push" }], requestId: "req-1" });
    expect(render("text")).toEqual({ value: "text", requestId: "req-1" });
  });

  it("lets the spec's special statuses override the table", () => {
    const error = new RegistryError("BLOB_UPLOAD_INVALID", undefined, undefined, { status: 416, headers: { Range: "0-9" } });
    expect(error.status).toBe(416);
    expect(error.headers).toEqual({ Range: "0-9" });
    expect(new RegistryError("DENIED").status).toBe(403);
  });
});
