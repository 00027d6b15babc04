import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig, resolveRegistryHost } from "./index";

describe("parseConfig", () => {
  it("gives every variable its default when the environment is empty", () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.PROXY_TAG_TTL).toBe(60);
    expect(config.REGISTRY_GC_GRACE).toBe(86_400_000);
    expect(config.SHUTDOWN_TIMEOUT).toBe(30_000);
    expect(config.SIGNUP).toBe("open");
    expect(config.LOG_LEVEL).toBe("info");
    expect(config.DATABASE_URL).toBeUndefined();
    expect(resolveRegistryHost(config)).toBe("localhost:3000");
  });

  it("reads units, trims, and normalises hosts", () => {
    const config = parseConfig({ PORT: " 8080 ", REGISTRY_GC_GRACE: "2h", SHUTDOWN_TIMEOUT: "500ms", REGISTRY_HOST: "https://registry.example.com/", SIGNUP: "CLOSED", REGISTRY_REDIRECT: "on" });
    expect(config.PORT).toBe(8080);
    expect(config.REGISTRY_GC_GRACE).toBe(7_200_000);
    expect(config.SHUTDOWN_TIMEOUT).toBe(500);
    expect(config.REGISTRY_HOST).toBe("registry.example.com");
    expect(config.SIGNUP).toBe("closed");
    expect(config.REGISTRY_REDIRECT).toBe(true);
  });

  it("checks the glibc settings npm start passes on, so a typo stops the start instead of being ignored", () => {
    expect(parseConfig({ MALLOC_TRIM_THRESHOLD_: "16777216" }).MALLOC_TRIM_THRESHOLD_).toBe(16_777_216);
    expect(() => parseConfig({ MALLOC_TRIM_THRESHOLD_: "16M" })).toThrow('MALLOC_TRIM_THRESHOLD_ must be a whole number of bytes from 0 to 268435456 (256 MiB), not "16M"');
  });

  it("names every wrong variable and the accepted form", () => {
    let error: unknown;
    try {
      parseConfig({ PORT: "http", PROXY_TAG_TTL: "ten", SHUTDOWN_TIMEOUT: "30", LOG_LEVEL: "loud" });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual([
      'PORT must be a port number from 0 to 65535, not "http"',
      'PROXY_TAG_TTL must be a whole number of seconds from 0 to 604800, not "ten"',
      'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, not "loud"',
      'SHUTDOWN_TIMEOUT must be a duration with a unit ms, s, m or h (for example 30s), not "30"',
    ]);
  });

  it("never repeats a secret's value in its message", () => {
    expect(() => parseConfig({ SECRETS_KEY: "hunter2-hunter2" })).toThrow(/^Invalid configuration:\n {2}- SECRETS_KEY must be 32 bytes, as 64 hex characters or base64 \(for example: openssl rand -hex 32\)$/);
    expect(() => parseConfig({ DATABASE_URL: "mysql://root:hunter2@db/x" })).not.toThrow(/hunter2/);
    expect(() => parseConfig({ DATABASE_URL: "mysql://root:hunter2@db/x" })).toThrow(/DATABASE_URL must be a postgres/);
  });
});
