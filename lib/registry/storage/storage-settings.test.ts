import path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveBlobRedirect, resolveStorageSettings } from "@/lib/registry/storage/storage-settings";

const S3 = { REGISTRY_STORAGE: "s3", S3_ENDPOINT: "http://127.0.0.1:7480/", S3_BUCKET: "blobs", S3_ACCESS_KEY_ID: "k", S3_SECRET_ACCESS_KEY: "s" };

describe("resolveStorageSettings", () => {
  it("defaults to the filesystem under the registry's storage folder", () => {
    expect(resolveStorageSettings({ DATA_DIR: "/srv/slipway" })).toEqual({ kind: "filesystem", root: path.resolve("/srv/slipway/registry") });
  });

  it("reads the S3 settings with path style on, us-east-1 and a normalised prefix", () => {
    expect(resolveStorageSettings({ ...S3, S3_PREFIX: "/slipway/prod/" })).toEqual({
      kind: "s3",
      s3: { endpoint: "http://127.0.0.1:7480", region: "us-east-1", bucket: "blobs", accessKeyId: "k", secretAccessKey: "s", forcePathStyle: true, prefix: "slipway/prod/" },
    });
    const s3 = resolveStorageSettings({ ...S3, S3_REGION: "eu-west-1", S3_FORCE_PATH_STYLE: "false" });
    expect(s3.kind === "s3" && [s3.s3.region, s3.s3.forcePathStyle, s3.s3.prefix]).toEqual(["eu-west-1", false, ""]);
  });

  it("names the setting that is missing or wrong", () => {
    expect(() => resolveStorageSettings({ ...S3, S3_BUCKET: "" })).toThrow("REGISTRY_STORAGE=s3 needs S3_BUCKET");
    expect(() => resolveStorageSettings({ ...S3, S3_ENDPOINT: "127.0.0.1:7480" })).toThrow(/S3_ENDPOINT must be an http/);
    expect(() => resolveStorageSettings({ REGISTRY_STORAGE: "gcs" })).toThrow(/REGISTRY_STORAGE must be filesystem or s3/);
    expect(() => resolveStorageSettings({ ...S3, S3_FORCE_PATH_STYLE: "maybe" })).toThrow(/S3_FORCE_PATH_STYLE must be/);
  });
});

describe("resolveBlobRedirect", () => {
  it("is off unless set to a true value", () => {
    expect(resolveBlobRedirect({})).toBe(false);
    expect(resolveBlobRedirect({ REGISTRY_REDIRECT: "1" })).toBe(true);
    expect(resolveBlobRedirect({ REGISTRY_REDIRECT: "off" })).toBe(false);
    expect(() => resolveBlobRedirect({ REGISTRY_REDIRECT: "sometimes" })).toThrow(/REGISTRY_REDIRECT/);
  });
});
