import { describe, expect, it } from "vitest";
import { RegistryError } from "@/lib/registry/errors";
import { authorizeCaller, LICENSE_READ_ONLY_MESSAGE } from "@/lib/registry/http/authorize";
import type { RegistryCaller } from "@/lib/registry/http/context";

const challenge = { realm: "http://registry.test/v2/token", service: "registry.test" };
const license: RegistryCaller = {
  subject: "customer-1",
  principal: "license:Acme",
  access: [
    { type: "repository", name: "app/web", actions: ["pull"] },
    { type: "repository", name: "other/web", actions: [] },
  ],
  license: { customerId: "customer-1", appId: "app-1", fingerprint: "f" },
};

function refusal(run: () => void): { code: string; status: number; message: string } | null {
  try {
    run();
    return null;
  } catch (error) {
    if (!(error instanceof RegistryError)) throw error;
    return { code: error.code, status: error.status, message: error.message };
  }
}

describe("authorising a license caller", () => {
  it("lets it pull its own application's repositories and call /v2/", () => {
    expect(refusal(() => authorizeCaller(license, "pull", "app/web", challenge, "manifest"))).toBeNull();
    expect(refusal(() => authorizeCaller(license, "authenticated", "", challenge, "base"))).toBeNull();
  });

  it("refuses push, delete and the catalog as read-only, wherever it asks", () => {
    const readOnly = { code: "DENIED", status: 403, message: LICENSE_READ_ONLY_MESSAGE };
    for (const name of ["app/web", "other/web", "nowhere/web"]) {
      expect(refusal(() => authorizeCaller(license, "push", name, challenge, "uploads"))).toEqual(readOnly);
      expect(refusal(() => authorizeCaller(license, "delete", name, challenge, "manifest"))).toEqual(readOnly);
    }
    expect(refusal(() => authorizeCaller(license, "authenticated", "", challenge, "catalog"))).toEqual(readOnly);
    expect(LICENSE_READ_ONLY_MESSAGE).toMatch(/licenses are read-only/);
  });

  it("answers another application's repository as the token endpoint refused it: plain DENIED", () => {
    expect(refusal(() => authorizeCaller(license, "pull", "other/web", challenge, "manifest"))).toEqual({
      code: "DENIED",
      status: 403,
      message: "requested access to the resource is denied",
    });
  });

  it("names the missing action when the token holds others on the repository, and only then", () => {
    const reader: RegistryCaller = { subject: "sa-1", principal: "sa-reader", access: [{ type: "repository", name: "app/web", actions: ["pull"] }] };
    expect(refusal(() => authorizeCaller(reader, "push", "app/web", challenge, "uploads"))).toEqual({
      code: "DENIED",
      status: 403,
      message: "requested access to the resource is denied: the token grants pull on app/web but not push; use a token or service account whose scopes include push",
    });
    const nothing: RegistryCaller = { ...reader, access: [{ type: "repository", name: "app/web", actions: [] }] };
    expect(refusal(() => authorizeCaller(nothing, "pull", "app/web", challenge, "manifest"))?.message).toBe("requested access to the resource is denied");
  });

  it("leaves people's tokens as they were: the catalog needs only a token", () => {
    const person: RegistryCaller = { subject: "user-1", principal: "ada@example.com", access: [] };
    expect(refusal(() => authorizeCaller(person, "authenticated", "", challenge, "catalog"))).toBeNull();
  });
});
