import { describe, expect, it } from "vitest";
import { cutPage, fetchLimit, parsePageRequest } from "@/lib/registry/http/pagination";

const url = (query: string) => new URL(`http://registry.test/v2/a/b/tags/list${query}`);

describe("pagination", () => {
  it("reads n and last, ignoring an unusable n", () => {
    expect(parsePageRequest(url(""))).toEqual({ limit: null, last: null });
    expect(parsePageRequest(url("?n=2&last=v1"))).toEqual({ limit: 2, last: "v1" });
    expect(parsePageRequest(url("?n=-1"))).toEqual({ limit: null, last: null });
    expect(parsePageRequest(url("?n=0"))).toEqual({ limit: 0, last: null });
    expect(parsePageRequest(url("?n=99999999")).limit).toBe(10_000);
  });

  it("links to the next page only when an extra row came back", () => {
    const page = { limit: 2, last: null };
    expect(fetchLimit(page)).toBe(3);
    expect(cutPage(["a", "b", "c"], page, "/v2/a/b/tags/list")).toEqual({
      items: ["a", "b"],
      link: '</v2/a/b/tags/list?n=2&last=b>; rel="next"',
    });
    expect(cutPage(["a", "b"], page, "/v2/a/b/tags/list")).toEqual({ items: ["a", "b"], link: null });
    expect(cutPage([], { limit: 0, last: null }, "/x")).toEqual({ items: [], link: null });
  });
});
