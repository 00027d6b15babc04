import { describe, expect, it } from "vitest";
import { countImages, listChangedTags, readImageDigests } from "./release-view";

const A = `sha256:${"a".repeat(64)}`;
const B = `sha256:${"b".repeat(64)}`;

describe("readImageDigests", () => {
  it("keeps string and null digests and drops anything else a database row might hold", () => {
    expect(readImageDigests({ "app/web:1": A, "app/api:2": null, "app/bad:3": 7, "app/obj:4": { digest: A } })).toEqual({ "app/web:1": A, "app/api:2": null });
    expect(readImageDigests(null)).toEqual({});
    expect(readImageDigests([A])).toEqual({});
  });
});

describe("listChangedTags", () => {
  it("reports tags pushed again, pushed for the first time, and deleted; never unchanged ones", () => {
    const recorded = { "app/web:1": A, "app/api:2": null, "app/db:3": A, "app/same:4": B };
    const current = new Map<string, string | null>([
      ["app/web:1", B],
      ["app/api:2", A],
      ["app/db:3", null],
      ["app/same:4", B],
    ]);
    expect(listChangedTags(recorded, current)).toEqual([
      { image: "app/web:1", digestAtRelease: A, currentDigest: B },
      { image: "app/api:2", digestAtRelease: null, currentDigest: A },
      { image: "app/db:3", digestAtRelease: A, currentDigest: null },
    ]);
  });

  it("says nothing about tags it was not told the current state of", () => {
    expect(listChangedTags({ "app/web:1": A }, new Map())).toEqual([]);
  });
});

describe("countImages", () => {
  it("counts distinct images, not containers", () => {
    expect(countImages({ images: [{ image: "redis:7" }, { image: "redis:7" }, { image: "app:1" }] as never })).toBe(2);
  });
});
