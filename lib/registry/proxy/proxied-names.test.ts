import { describe, expect, it } from "vitest";
import { parseRateLimitRemaining } from "./proxy-stats";
import { readProxiedImage, rewriteTagsLink } from "./proxied-names";

describe("readProxiedImage", () => {
  it("reads the app, the upstream host (port decoded) and the repository", () => {
    expect(readProxiedImage("proxy/acme/quay.io/team/app")).toEqual({ appSlug: "acme", registry: "quay.io", repository: "team/app" });
    expect(readProxiedImage("proxy/acme/127.0.0.1_5000/acme/app")).toEqual({ appSlug: "acme", registry: "127.0.0.1:5000", repository: "acme/app" });
  });

  it("gives Docker Hub's official images their library/ prefix and folds Hub's aliases", () => {
    expect(readProxiedImage("proxy/acme/index.docker.io/redis")).toEqual({ appSlug: "acme", registry: "index.docker.io", repository: "library/redis" });
    expect(readProxiedImage("proxy/acme/docker.io/library/redis")).toEqual({ appSlug: "acme", registry: "index.docker.io", repository: "library/redis" });
    expect(readProxiedImage("proxy/acme/registry-1.docker.io/bitnami/redis")?.repository).toBe("bitnami/redis");
  });

  it("is null for names that are not proxied images", () => {
    expect(readProxiedImage("acme/app")).toBeNull();
    expect(readProxiedImage("proxy/acme/quay.io")).toBeNull();
  });
});

describe("rewriteTagsLink", () => {
  it("moves the upstream's next page onto the proxy path, keeping only n and last", () => {
    expect(rewriteTagsLink('</v2/team/app/tags/list?last=1.2&n=50&secret=x>; rel="next"', "proxy/acme/quay.io/team/app")).toBe(
      '</v2/proxy/acme/quay.io/team/app/tags/list?n=50&last=1.2>; rel="next"',
    );
    expect(rewriteTagsLink("<https://quay.io/v2/team/app/tags/list?n=2&last=b>; rel=next", "p")).toBe('</v2/p/tags/list?n=2&last=b>; rel="next"');
  });

  it("is null without a next link", () => {
    expect(rewriteTagsLink(undefined, "p")).toBeNull();
    expect(rewriteTagsLink('</v2/x>; rel="prev"', "p")).toBeNull();
  });
});

describe("parseRateLimitRemaining", () => {
  it("reads Docker Hub's header and ignores anything else", () => {
    expect(parseRateLimitRemaining("76;w=21600")).toBe(76);
    expect(parseRateLimitRemaining(["0;w=21600"])).toBe(0);
    expect(parseRateLimitRemaining(undefined)).toBeNull();
    expect(parseRateLimitRemaining("none")).toBeNull();
  });
});
