import { describe, expect, it } from "vitest";
import { DEFAULT_CHANNELS, explainChannelName } from "./channel-name";

describe("channel names", () => {
  it("accepts the defaults and ordinary labels", () => {
    for (const name of [...DEFAULT_CHANNELS, "LTS 2.x", "edge_nightly", "v1.4-rc"]) expect(explainChannelName(name)).toBeNull();
  });

  it("explains what is wrong with a bad name", () => {
    expect(explainChannelName("")).toBe("enter a name");
    expect(explainChannelName("x".repeat(51))).toMatch(/at most 50/);
    expect(explainChannelName("-beta")).toMatch(/start with a letter or digit/);
    expect(explainChannelName("beta/2")).toMatch(/only letters, digits/);
    expect(explainChannelName("beta ")).toMatch(/start or end with a space/);
  });
});
