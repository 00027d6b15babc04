import { describe, expect, it } from "vitest";
import { previewRelease } from "./preview-release";
import { decodeProxyHost, encodeProxyHost, formatProxyRepository, parseProxyRepository } from "./proxy-path";

describe("proxy paths", () => {
  it("writes a port as _port and reads it back", () => {
    expect(encodeProxyHost("registry.local:5000")).toBe("registry.local_5000");
    expect(encodeProxyHost("quay.io")).toBe("quay.io");
    expect(decodeProxyHost("registry.local_5000")).toBe("registry.local:5000");
    expect(decodeProxyHost("127.0.0.1_8080")).toBe("127.0.0.1:8080");
  });

  it("formats and parses the proxied repository name", () => {
    const name = formatProxyRepository("myapp", "127.0.0.1:5000", "acme/app");
    expect(name).toBe("proxy/myapp/127.0.0.1_5000/acme/app");
    expect(parseProxyRepository(name)).toEqual({ appSlug: "myapp", upstreamHost: "127.0.0.1:5000", repository: "acme/app" });
    expect(parseProxyRepository("proxy/myapp/index.docker.io/library/redis")).toEqual({ appSlug: "myapp", upstreamHost: "index.docker.io", repository: "library/redis" });
  });

  it("refuses what is not a proxy path", () => {
    for (const name of ["myapp/worker", "proxy/myapp/quay.io", "proxy//quay.io/a", "proxy/myapp/quay.io//a", "proxy/myapp/bad_host/a", "proxy/myapp/-x/a"]) {
      expect(parseProxyRepository(name), name).toBeNull();
    }
  });
});

describe("the preview's proxy references", () => {
  it("encode an upstream port the way the proxy reads it, in pod specs and the airgap list", () => {
    const yaml = `images:
  - {source: local, name: acme/app, tag: "1.0"}
---
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  imagePullSecrets: [{name: replicatedregistrykey}]
  containers:
    - {name: app, image: "registry.local:5000/acme/app:1.0"}
`;
    const preview = previewRelease(yaml, { registryHost: "portal.example.com", appSlug: "myapp", externalRegistries: [{ name: "local", endpoint: "registry.local:5000" }] });
    const proxied = "portal.example.com/proxy/myapp/registry.local_5000/acme/app:1.0";
    expect(preview.images[0]!.rewritten).toBe(proxied);
    expect(preview.airgap[0]!.pullReference).toBe(proxied);
    expect(preview.diagnostics.filter((diagnostic) => diagnostic.severity !== "info")).toEqual([]);
    // A release that already names the proxied reference is recognised as that upstream image.
    const again = previewRelease(yaml.replace("registry.local:5000/acme/app:1.0", proxied), { registryHost: "portal.example.com", appSlug: "myapp", externalRegistries: [{ name: "local", endpoint: "registry.local:5000" }] });
    expect(again.images[0]).toMatchObject({ source: "proxy", externalRegistry: "local", isRewritten: false });
  });
});
