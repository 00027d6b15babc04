import { describe, expect, it } from "vitest";
import { explainAppRepositoryName, repositoryAppSlug } from "@/lib/registry/names";

describe("application repository names", () => {
  it("requires <app slug>/<path> on top of the OCI grammar", () => {
    expect(explainAppRepositoryName("acme/web")).toBeNull();
    expect(explainAppRepositoryName("acme/team/web-api")).toBeNull();
    expect(explainAppRepositoryName("acme")).toMatch(/no image path/);
    expect(explainAppRepositoryName("acme/../web")).toMatch(/".."/);
    expect(explainAppRepositoryName("acme/Web")).toMatch(/uppercase/);
  });

  it("takes the slug from the first component", () => {
    expect(repositoryAppSlug("acme/team/web")).toBe("acme");
    expect(repositoryAppSlug("acme")).toBe("acme");
  });
});
