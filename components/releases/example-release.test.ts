import { describe, expect, it } from "vitest";
import { collectReleaseSources, previewReleaseWithSchemas, type ReleaseContext } from "@/lib/releases";
import { buildExampleRelease } from "./example-release";

const base: ReleaseContext = { registryHost: "registry.example.com", appSlug: "guestbook", externalRegistries: [] };

describe("buildExampleRelease", () => {
  it("previews without a single diagnostic (schemas included) when the team has no external registry", async () => {
    const preview = await previewReleaseWithSchemas(buildExampleRelease(base), base);
    expect(preview.diagnostics).toEqual([]);
    expect(preview.images.map((image) => [image.source, image.image])).toEqual([
      ["public", "redis:7.2-alpine"],
      ["replicated", "registry.example.com/guestbook/frontend:1.0.0"],
    ]);
  });

  it("uses the team's first external registry, inside its namespace, rewritten through the proxy", async () => {
    const context = { ...base, externalRegistries: [{ name: "quay-acme", endpoint: "https://quay.io/acme/" }] };
    const text = buildExampleRelease(context);
    const preview = await previewReleaseWithSchemas(text, context);
    expect(preview.diagnostics).toEqual([]);
    expect(preview.images.find((image) => image.source === "external")?.rewritten).toBe("registry.example.com/proxy/guestbook/quay.io/acme/imagename:2.0.0");
    expect(collectReleaseSources(text)).toEqual(["replicated", "quay-acme", "public"]);
  });
});
