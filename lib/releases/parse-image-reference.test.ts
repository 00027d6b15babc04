import { describe, expect, it } from "vitest";
import { formatImageReference, parseImageName, parseImageReference } from "./parse-image-reference";

const DIGEST = `sha256:${"a".repeat(64)}`;

function parsed(input: string) {
  const result = parseImageReference(input);
  if (!result.ok) throw new Error(`expected ${input} to parse: ${result.reason}`);
  return result.reference;
}

function reason(input: string): string {
  const result = parseImageReference(input);
  if (result.ok) throw new Error(`expected ${input} to be rejected`);
  return result.reason;
}

describe("parseImageReference", () => {
  it.each([
    ["redis", "index.docker.io", "library/redis", null, null],
    ["redis:3.2-alpine", "index.docker.io", "library/redis", "3.2-alpine", null],
    ["postgres:9.4", "index.docker.io", "library/postgres", "9.4", null],
    ["docker.io/library/redis:7", "index.docker.io", "library/redis", "7", null],
    ["index.docker.io/redis", "index.docker.io", "library/redis", null, null],
    ["registry-1.docker.io/bitnami/redis", "index.docker.io", "bitnami/redis", null, null],
    ["bitnami/redis:7.2", "index.docker.io", "bitnami/redis", "7.2", null],
    ["quay.io/namespace/imagename:2.0.0", "quay.io", "namespace/imagename", "2.0.0", null],
    ["registry.example.com/myapp/worker:1.0.1", "registry.example.com", "myapp/worker", "1.0.1", null],
    ["localhost:5000/app:1", "localhost:5000", "app", "1", null],
    ["localhost/app", "localhost", "app", null, null],
    ["Quay.IO/ns/img", "quay.io", "ns/img", null, null],
    ["[::1]:5000/app", "[::1]:5000", "app", null, null],
    [`quay.io/ns/img@${DIGEST}`, "quay.io", "ns/img", null, DIGEST],
    [`quay.io/ns/img:2.0.0@${DIGEST}`, "quay.io", "ns/img", "2.0.0", DIGEST],
  ])("parses %s", (input, registry, repository, tag, digest) => {
    expect(parsed(input)).toEqual({ registry, repository, tag, digest });
  });

  it("treats a first component without dot, colon or localhost as a Docker Hub path", () => {
    expect(parsed("team/app/web").registry).toBe("index.docker.io");
    expect(parsed("team/app/web").repository).toBe("team/app/web");
  });

  it("formats references back with the explicit registry", () => {
    expect(formatImageReference(parsed("redis:3.2-alpine"))).toBe("index.docker.io/library/redis:3.2-alpine");
    expect(formatImageReference(parsed(`quay.io/ns/img:1@${DIGEST}`))).toBe(`quay.io/ns/img:1@${DIGEST}`);
  });

  it.each([
    ["", /empty/],
    ["redis: 7", /whitespace/],
    ["https://quay.io/ns/img", /scheme/],
    ["MyOrg/app:1", /uppercase/],
    ["quay.io/Namespace/img", /uppercase/],
    ["quay.io/ns/img$:1", /contains "\$"/],
    ["quay.io/ns//img", /empty path segment/],
    ["quay.io/ns/-img", /start with a lowercase letter or digit/],
    [`redis:${"a".repeat(129)}`, /129 characters/],
    ["redis:.hidden", /may not start with "\."/],
    ["redis:1.0+build", /contains "\+"/],
    ["redis@sha256:abc", /exactly 64 lowercase hexadecimal/],
    [`redis@sha256:${"A".repeat(64)}`, /lowercase hexadecimal/],
    ["redis@md5:abcdef", /algorithm "md5" is not supported/],
    ["redis@latest", /must look like sha256:/],
    ["bad_host.example.com/app", /not a valid registry host/],
    ["quay.io:99999/app", /above 65535/],
    ["quay.io:http/app", /port .* must be a number/],
    [":1.0", /name is empty/],
    [`quay.io/${"a".repeat(250)}`, /longer than 255/],
  ])("rejects %j with a reason", (input, expected) => {
    expect(reason(input)).toMatch(expected);
  });
});

describe("parseImageName", () => {
  it("parses names without tags, applying Docker Hub's implicit parts", () => {
    expect(parseImageName("redis")).toEqual({
      ok: true,
      reference: { registry: "index.docker.io", repository: "library/redis", tag: null, digest: null },
    });
  });
});
