import { describe, expect, it } from "vitest";
import { summariseImageConfig } from "./config-summary";
import imageConfig from "./fixtures/image-config.json";

describe("summariseImageConfig", () => {
  it("summarises a real image config", () => {
    expect(summariseImageConfig(imageConfig)).toEqual({
      created: "2025-03-04T10:12:31.123456789Z",
      os: "linux",
      architecture: "amd64",
      entrypoint: ["docker-entrypoint.sh"],
      cmd: ["node", "server.js"],
      exposedPorts: ["53/tcp", "53/udp", "443/tcp", "8080/tcp"],
      labels: { "org.opencontainers.image.source": "https://github.com/acme/api", "org.opencontainers.image.version": "1.2.0" },
      user: "app",
      workingDir: "/app",
      envCount: 2,
      layerCount: 3,
    });
  });

  it("reads the variant of an arm image", () => {
    expect(summariseImageConfig({ os: "linux", architecture: "arm", variant: "v7" })).toMatchObject({ architecture: "arm", variant: "v7" });
  });

  it("never throws on junk", () => {
    for (const junk of [undefined, null, 0, "", "{oops", "[]", [], true, { config: "x" }]) {
      expect(summariseImageConfig(junk)).toEqual({ exposedPorts: [], labels: {} });
    }
  });

  it("skips odd fields one by one and keeps the rest", () => {
    const odd = {
      created: "yesterday-ish",
      os: 7,
      architecture: "arm64",
      config: { Entrypoint: "/bin/sh -c run", Cmd: null, Labels: { ok: "yes", count: 3, nested: {} }, ExposedPorts: ["80/tcp"], Env: [1, "A=b"], User: "" },
      rootfs: { diff_ids: "nope" },
    };
    expect(summariseImageConfig(odd)).toEqual({ architecture: "arm64", entrypoint: ["/bin/sh -c run"], exposedPorts: [], labels: { ok: "yes" }, envCount: 1 });
  });

  it("falls back to container_config for very old images, and reads JSON text", () => {
    const legacy = JSON.stringify({ os: "linux", container_config: { Cmd: ["/bin/sh"], ExposedPorts: { "22/tcp": {} } } });
    expect(summariseImageConfig(legacy)).toEqual({ os: "linux", cmd: ["/bin/sh"], exposedPorts: ["22/tcp"], labels: {} });
  });
});
