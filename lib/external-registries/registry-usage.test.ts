import { describe, expect, it } from "vitest";
import { formatReleaseList } from "./registry-usage";

describe("formatReleaseList", () => {
  it("names each release and counts the ones not shown", () => {
    expect(formatReleaseList([{ appSlug: "my-app", sequence: 3 }], 1)).toBe("my-app release 3");
    expect(formatReleaseList([{ appSlug: "my-app", sequence: 3 }, { appSlug: "web", sequence: 1 }], 7)).toBe("my-app release 3, web release 1 and 5 more");
  });
});
