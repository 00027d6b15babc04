import { describe, expect, it } from "vitest";
import { resolvePublicRegistryMirror } from "./public-mirror";
import { resolvePublicUpstream } from "./image-sources";

describe("PUBLIC_REGISTRY_MIRROR", () => {
  it("is unset by default and accepts host[:port], with or without http://", () => {
    expect(resolvePublicRegistryMirror({})).toBeNull();
    expect(resolvePublicRegistryMirror({ PUBLIC_REGISTRY_MIRROR: " 127.0.0.1:5000 " })).toBe("127.0.0.1:5000");
    expect(resolvePublicRegistryMirror({ PUBLIC_REGISTRY_MIRROR: "http://mirror.internal:5000" })).toBe("http://mirror.internal:5000");
  });

  it("refuses paths and junk with a message naming the variable", () => {
    expect(() => resolvePublicRegistryMirror({ PUBLIC_REGISTRY_MIRROR: "mirror.internal/dockerhub" })).toThrow(/PUBLIC_REGISTRY_MIRROR must be host\[:port\]/);
    expect(() => resolvePublicRegistryMirror({ PUBLIC_REGISTRY_MIRROR: "user@mirror" })).toThrow(/PUBLIC_REGISTRY_MIRROR/);
  });

  it("serves Docker Hub's images only; other public registries are asked directly", () => {
    const hub = resolvePublicUpstream("index.docker.io", "library/redis", "127.0.0.1:5000");
    expect(hub.endpoint.host).toBe("127.0.0.1");
    expect(hub.repository).toBe("library/redis");
    expect(hub.credentials).toEqual({});
    expect(resolvePublicUpstream("ghcr.io", "org/tool", "127.0.0.1:5000").endpoint.host).toBe("ghcr.io");
    expect(resolvePublicUpstream("index.docker.io", "library/redis", null).endpoint.kind).toBe("dockerhub");
  });
});
