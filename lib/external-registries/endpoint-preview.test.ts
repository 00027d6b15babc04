import { describe, expect, it } from "vitest";
import { previewEndpoint } from "./endpoint-preview";

describe("previewEndpoint", () => {
  it("is null while nothing is typed", () => {
    expect(previewEndpoint("")).toBeNull();
    expect(previewEndpoint("   ")).toBeNull();
  });

  it("shows the stored form, the provider and its credential hint", () => {
    expect(previewEndpoint("https://quay.io/mycompany/")).toEqual({
      ok: true,
      endpoint: "quay.io/mycompany",
      kind: "quay",
      kindLabel: "Quay",
      credentialHint: expect.stringMatching(/robot account/),
      notes: [],
      isRewritten: true,
    });
    expect(previewEndpoint("ghcr.io/acme")).toMatchObject({ endpoint: "ghcr.io/acme", kindLabel: "GitHub Container Registry", isRewritten: false });
  });

  it.each(["docker.io", "registry-1.docker.io", "hub.docker.com", "registry.hub.docker.com"])("explains that %s is stored as index.docker.io", (typed) => {
    const preview = previewEndpoint(typed);
    expect(preview).toMatchObject({ ok: true, endpoint: "index.docker.io", kind: "dockerhub", kindLabel: "Docker Hub", isRewritten: true });
    expect(preview?.ok && preview.notes.join(" ")).toContain(`Docker Hub (${typed}) is stored as index.docker.io`);
  });

  it("says what is wrong instead of throwing", () => {
    expect(previewEndpoint("ftp://quay.io")).toEqual({ ok: false, issue: expect.stringMatching(/only https:\/\/ .* or http:\/\//) });
    expect(previewEndpoint("quay.io:99999")).toEqual({ ok: false, issue: '"99999" is not a port; use a number from 1 to 65535' });
  });
});
