import { describe, expect, it } from "vitest";
import { configPath, resolveSettings } from "./config-store";

describe("resolveSettings", () => {
  const stored = { url: "https://stored.example/", token: "slw_stored", app: "stored-app" };

  it("prefers flags over the environment over the stored login, and says where each came from", () => {
    const env = { SLIPWAY_URL: "https://env.example", SLIPWAY_TOKEN: "slw_env", SLIPWAY_APP: "env-app" };
    expect(resolveSettings({ url: "https://flag.example", app: "flag-app" }, env, stored)).toEqual({
      url: "https://flag.example",
      token: "slw_env",
      app: "flag-app",
      sources: { url: "--url", token: "SLIPWAY_TOKEN", app: "--app" },
    });
    expect(resolveSettings({}, {}, stored)).toMatchObject({ url: "https://stored.example", token: "slw_stored", app: "stored-app" });
    expect(resolveSettings({}, {}, {})).toMatchObject({ url: null, token: null, app: null });
  });

  it("refuses a URL without its scheme, naming where it came from", () => {
    expect(() => resolveSettings({}, { SLIPWAY_URL: "slipway.example.com" }, {})).toThrow('The portal URL from SLIPWAY_URL is "slipway.example.com"; give its address with the scheme');
  });
});

describe("configPath", () => {
  it("uses XDG_CONFIG_HOME, else ~/.config", () => {
    expect(configPath({ XDG_CONFIG_HOME: "/x", HOME: "/home/a" })).toBe("/x/slipway/config.json");
    expect(configPath({ HOME: "/home/a" })).toBe("/home/a/.config/slipway/config.json");
  });
});
