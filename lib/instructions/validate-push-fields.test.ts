import { describe, expect, it } from "vitest";
import { explainImageField, explainLocalImage, validatePushFields } from "./validate-push-fields";

const HOST = "registry.example.com";
const SLUG = "acme";
const explainImage = (image: string) => explainImageField(image, SLUG, HOST);

describe("explainImageField", () => {
  it.each(["api", "team/api/worker", "my-app", "my__app", "my.app", "a", "0", "a--b"])("accepts %s", (image) => {
    expect(explainImage(image)).toBeNull();
  });

  it("rejects uppercase letters and names the segment", () => {
    expect(explainImage("team/MyApp")).toMatch(/"MyApp" has uppercase letters/);
  });

  it.each([
    ["..", /may not contain "\.\."/],
    ["team/../api", /may not contain "\.\."/],
    ["/api", /empty path segment/],
    ["api/", /empty path segment/],
    ["team//api", /empty path segment/],
    ["-api", /must start with a lowercase letter or digit/],
    [".api", /must start with a lowercase letter or digit/],
    ["api-", /must end with a lowercase letter or digit/],
    ["api_", /must end with a lowercase letter or digit/],
    ["a___b", /separators in a row/],
    ["a._b", /separators in a row/],
    ["my app", /contains " "/],
    ["", /the image name is empty/],
  ])("rejects %j", (image, reason) => {
    expect(explainImage(image)).toMatch(reason);
  });

  it("rejects a name over 255 characters on its own", () => {
    expect(explainImage("a".repeat(256))).toMatch(/256 characters long; the limit is 255/);
  });

  it("counts the application prefix against the 255-character limit", () => {
    const image = "a".repeat(255 - SLUG.length - 1);
    expect(explainImage(image)).toBeNull();
    expect(explainImage(`${image}b`)).toBe(`with the application prefix "acme/" the name is 256 characters long; the limit is 255`);
  });

  it("points a typed version at the version field", () => {
    expect(explainImage("api:1.0")).toMatch(/put the version in the version field/);
    expect(explainImage("api@sha256:abc")).toMatch(/stops before "@"/);
  });

  it("tells the user to leave out the registry host and prefix", () => {
    expect(explainImage(`${HOST}/acme/api`)).toBe(`leave out "registry.example.com/acme/"; it is added for you`);
  });
});

describe("explainLocalImage", () => {
  it("accepts any reference without whitespace, odd characters included", () => {
    expect(explainLocalImage("Local/My_App:Dev$1")).toBeNull();
    expect(explainLocalImage("sha256:0123abcd")).toBeNull();
  });

  it("rejects empty, whitespace, and a leading dash", () => {
    expect(explainLocalImage("")).toBe("the local image is empty");
    expect(explainLocalImage("my app")).toMatch(/spaces or line breaks/);
    expect(explainLocalImage("a\tb")).toMatch(/spaces or line breaks/);
    expect(explainLocalImage("a\nb")).toMatch(/spaces or line breaks/);
    expect(explainLocalImage("--help")).toMatch(/may not start with "-"/);
  });
});

describe("validatePushFields", () => {
  const base = { registryHost: HOST, appSlug: SLUG, localImage: "api:dev", image: "api", tag: "1.0.0" };

  it("reports nothing for valid fields", () => {
    expect(validatePushFields(base)).toEqual([]);
  });

  it.each(["latest", "v1.0.0-rc.1", "_private", "1", "A_b.C-d", "x".repeat(128)])("accepts tag %j", (tag) => {
    expect(validatePushFields({ ...base, tag })).toEqual([]);
  });

  it.each([
    ["x".repeat(129), "the tag is 129 characters long; the limit is 128"],
    [".hidden", `a tag may not start with "."; start it with a letter, digit or underscore`],
    ["-rc1", `a tag may not start with "-"; start it with a letter, digit or underscore`],
    ["1.0+build", `the tag contains "+"; only letters, digits, ".", "_" and "-" are allowed`],
    ["", "the tag is empty"],
  ])("rejects tag %j", (tag, message) => {
    expect(validatePushFields({ ...base, tag })).toEqual([{ field: "tag", message }]);
  });

  it("reports one problem per invalid field, in field order", () => {
    const problems = validatePushFields({ ...base, localImage: "", image: "API", tag: ".x" });
    expect(problems.map((problem) => problem.field)).toEqual(["localImage", "image", "tag"]);
  });

  it("does not check an omitted local image", () => {
    expect(validatePushFields({ ...base, localImage: undefined })).toEqual([]);
  });
});
