import { describe, expect, it } from "vitest";
import { connectionTestInputSchema, registryInputSchema, registryUpdateSchema } from "./registry-input";

const valid = { name: "quay-main", endpoint: "https://docker.io/acme/", username: "acme+robot", password: " s3cret " };

function issues(input: unknown, schema: typeof registryInputSchema | typeof registryUpdateSchema = registryInputSchema) {
  const result = schema.safeParse(input);
  expect(result.success).toBe(false);
  return result.error!.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("registryInputSchema", () => {
  it("normalises the endpoint and carries kind and notes, keeping the password verbatim", () => {
    const parsed = registryInputSchema.parse(valid);
    expect(parsed).toEqual({
      name: "quay-main",
      endpoint: "index.docker.io/acme",
      kind: "dockerhub",
      endpointNotes: [expect.stringMatching(/index\.docker\.io/)],
      username: "acme+robot",
      password: " s3cret ",
    });
  });

  it.each(["-x", "_x", "Quay", "a.b", "a b", "", "x".repeat(64)])("refuses the name %j", (name) => {
    expect(issues({ ...valid, name })[0]).toMatch(/^name: /);
  });

  it.each(["replicated", "public"])("refuses %j, which release YAML reserves as a source", (name) => {
    expect(issues({ ...valid, name })).toEqual([`name: "${name}" is a reserved source in release YAML; choose another name`]);
    expect(issues({ name }, registryUpdateSchema)).toEqual([`name: "${name}" is a reserved source in release YAML; choose another name`]);
  });

  it("accepts names at the limits of the rule", () => {
    expect(registryInputSchema.parse({ ...valid, name: "0" }).name).toBe("0");
    expect(registryInputSchema.parse({ ...valid, name: `a_b-${"c".repeat(59)}` }).name).toHaveLength(63);
  });

  it("turns a bad endpoint into the normaliser's sentence on the endpoint field", () => {
    expect(issues({ ...valid, endpoint: "quay.io:99999" })).toEqual(['endpoint: "99999" is not a port; use a number from 1 to 65535']);
  });

  it("requires a username and a password and never echoes the password", () => {
    expect(issues({ ...valid, username: "  " })).toEqual(["username: enter a username"]);
    expect(issues({ ...valid, password: "" })).toEqual(["password: enter a password or token"]);
    const multiLine = issues({ ...valid, password: "line-one-secret\nline-two-secret" });
    expect(multiLine).toEqual(["password: must be a single line"]);
    expect(multiLine.join()).not.toContain("secret");
  });
});

describe("registryUpdateSchema", () => {
  it("keeps the stored secret when the password is blank or absent", () => {
    expect(registryUpdateSchema.parse({ password: "" })).toEqual({ password: undefined });
    expect(registryUpdateSchema.parse({})).toEqual({ password: undefined });
    expect(registryUpdateSchema.parse({ password: "new" }).password).toBe("new");
  });

  it("normalises an endpoint when one is given", () => {
    expect(registryUpdateSchema.parse({ endpoint: "https://ghcr.io/acme/" })).toMatchObject({ endpoint: "ghcr.io/acme", kind: "ghcr" });
    expect(issues({ endpoint: "" }, registryUpdateSchema)[0]).toMatch(/^endpoint: is empty/);
  });
});

describe("connectionTestInputSchema", () => {
  it("treats blank image and tag as absent", () => {
    expect(connectionTestInputSchema.parse({ image: " ", tag: "" })).toEqual({ image: undefined, tag: undefined });
    expect(connectionTestInputSchema.parse({ image: "app", tag: "1.0" })).toEqual({ image: "app", tag: "1.0" });
  });
});
