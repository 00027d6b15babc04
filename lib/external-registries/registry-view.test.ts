import { describe, expect, it } from "vitest";
import { REGISTRY_VIEW_SELECT, toRegistryView } from "./registry-view";

const dates = { secretUpdatedAt: new Date("2026-01-02T03:04:05Z"), createdAt: new Date("2026-01-01T00:00:00Z"), updatedAt: new Date("2026-01-02T03:04:05Z") };

describe("toRegistryView", () => {
  it("never selects or copies the sealed secret", () => {
    expect(Object.keys(REGISTRY_VIEW_SELECT)).not.toContain("secretEncrypted");
    const row = { name: "quay", endpoint: "quay.io/acme", kind: "quay", username: "acme+bot", ...dates, secretEncrypted: "v1.sealed", id: "x", teamId: "t" };
    const view = toRegistryView(row);
    expect(view).not.toHaveProperty("secretEncrypted");
    expect(view).not.toHaveProperty("id");
    expect(JSON.stringify(view)).not.toContain("v1.sealed");
  });

  it("adds the provider's label and hint, says a secret is set, and keeps notes only when there are some", () => {
    const view = toRegistryView({ name: "hub", endpoint: "index.docker.io/acme", kind: "dockerhub", username: "acme", ...dates }, ["Docker Hub (docker.io) is stored as index.docker.io."]);
    expect(view).toMatchObject({ kind: "dockerhub", kindLabel: "Docker Hub", hasSecret: true, secretUpdatedAt: dates.secretUpdatedAt, endpointNotes: [expect.stringContaining("index.docker.io")] });
    expect(view.credentialHint).toMatch(/access token/);
    expect(toRegistryView({ name: "q", endpoint: "quay.io", kind: "quay", username: "u", ...dates }, [])).not.toHaveProperty("endpointNotes");
  });

  it("shows an unknown stored kind as a generic registry", () => {
    expect(toRegistryView({ name: "x", endpoint: "r.example", kind: "something-new", username: "u", ...dates })).toMatchObject({ kind: "generic", kindLabel: "Registry" });
  });
});
