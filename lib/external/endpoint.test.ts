import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { describeRegistryKind, detectRegistryKind, ipLiteralVersion, normaliseEndpoint, resolveApiBase, toRepositoryPath, type RegistryKind } from "./endpoint";

function issueOf(input: string): string {
  try {
    normaliseEndpoint(input);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe("invalid_input");
    expect((error as AppError).details?.[0].path).toBe("endpoint");
    return (error as AppError).details![0].issue;
  }
  throw new Error(`expected ${input} to be refused`);
}

describe("normaliseEndpoint", () => {
  it.each([
    ["https://quay.io/mycompany/", "quay.io/mycompany"],
    ["  QUAY.IO/mycompany  ", "quay.io/mycompany"],
    ["HTTPS://ghcr.io/acme/team//", "ghcr.io/acme/team"],
    ["registry.example.com:5000", "registry.example.com:5000"],
    ["registry.example.com:443/ns", "registry.example.com/ns"],
    ["http://127.0.0.1:5000/", "http://127.0.0.1:5000"],
    ["[::1]:5000", "[::1]:5000"],
    ["https://registry.example.com/v2/", "registry.example.com"],
    ["example.com.", "example.com"],
  ])("stores %s as %s", (input, endpoint) => {
    expect(normaliseEndpoint(input).endpoint).toBe(endpoint);
  });

  it("is idempotent on stored values", () => {
    for (const input of ["quay.io/mycompany", "http://127.0.0.1:5000/ns", "[2001:db8::1]:5000", "index.docker.io/acme"]) {
      expect(normaliseEndpoint(normaliseEndpoint(input).endpoint)).toMatchObject({ endpoint: input, notes: input.startsWith("http://") ? [expect.any(String)] : [] });
    }
  });

  it.each(["docker.io", "registry-1.docker.io", "hub.docker.com", "registry.hub.docker.com", "https://docker.io/acme/"])(
    "stores Docker Hub given as %s as index.docker.io and says so",
    (input) => {
      const result = normaliseEndpoint(input);
      expect(result.host).toBe("index.docker.io");
      expect(result.kind).toBe("dockerhub");
      expect(result.notes.join(" ")).toMatch(/is stored as index\.docker\.io/);
    },
  );

  it("splits host, port and namespace and keeps http:// as the insecure flag", () => {
    expect(normaliseEndpoint("http://10.1.2.3:8080/team/sub")).toEqual({
      endpoint: "http://10.1.2.3:8080/team/sub",
      host: "10.1.2.3",
      port: 8080,
      namespace: "team/sub",
      kind: "generic",
      insecure: true,
      notes: [expect.stringMatching(/EXTERNAL_REGISTRY_ALLOW/)],
    });
    expect(normaliseEndpoint("quay.io").namespace).toBeUndefined();
  });

  it.each([
    ["", /is empty/],
    ["   ", /is empty/],
    ["quay.io/my company", /spaces/],
    ["ftp://quay.io", /ftp:\/\//],
    ["user:secret@quay.io", /credentials/],
    ["quay.io?x=1", /query/],
    ["quay.io:0", /"0" is not a port/],
    ["quay.io:65536", /not a port/],
    ["quay.io:abc", /not a port/],
    ["quay.io:", /"" is not a port/],
    ["2001:db8::1", /brackets/],
    ["[not-v6]:5000", /not an IPv6 address/],
    ["-bad.example.com", /"-bad"/],
    ["a..b", /empty part/],
    ["quay.io/MyCompany", /uppercase/],
    ["quay.io/a__-b", /separators/],
    ["quay.io/team/../x", /".."/],
    ["docker.io:5000", /Docker Hub does not take a port/],
    ["https://", /no host/],
  ])("refuses %j", (input, message) => {
    expect(issueOf(input)).toMatch(message);
  });

  it("never echoes credentials typed into the endpoint", () => {
    expect(issueOf("https://bob:hunter2@quay.io")).not.toContain("hunter2");
  });
});

describe("detectRegistryKind and describeRegistryKind", () => {
  it.each<[string, RegistryKind]>([
    ["index.docker.io", "dockerhub"],
    ["quay.io", "quay"],
    ["ghcr.io", "ghcr"],
    ["gcr.io", "gcr"],
    ["eu.gcr.io", "gcr"],
    ["europe-west1-docker.pkg.dev", "gcr"],
    ["123456789012.dkr.ecr.us-east-1.amazonaws.com", "ecr"],
    ["123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn", "ecr"],
    ["registry.gitlab.com", "gitlab"],
    ["registry.example.com", "generic"],
    ["notgcr.io", "generic"],
    ["dkr.ecr.us-east-1.amazonaws.com", "generic"],
  ])("recognises %s as %s", (host, kind) => {
    expect(detectRegistryKind(host)).toBe(kind);
    expect(normaliseEndpoint(host).kind).toBe(kind);
  });

  it("gives a provider-specific credential hint", () => {
    expect(describeRegistryKind("quay").credentialHint).toMatch(/robot account/);
    expect(describeRegistryKind("dockerhub").credentialHint).toMatch(/access token/);
    expect(describeRegistryKind("ecr").credentialHint).toMatch(/get-login-password/);
    expect(describeRegistryKind("ghcr").label).toBe("GitHub Container Registry");
  });
});

describe("resolveApiBase", () => {
  it("maps Docker Hub to its API host and keeps others as stored", () => {
    expect(resolveApiBase("index.docker.io/acme")).toBe("https://registry-1.docker.io");
    expect(resolveApiBase("quay.io/mycompany")).toBe("https://quay.io");
    expect(resolveApiBase("http://127.0.0.1:5000")).toBe("http://127.0.0.1:5000");
    expect(resolveApiBase("[::1]:5000", "http")).toBe("http://[::1]:5000");
  });
});

describe("toRepositoryPath", () => {
  it("prefixes the namespace, and library/ for Docker Hub official images", () => {
    expect(toRepositoryPath(normaliseEndpoint("quay.io/mycompany"), "app")).toBe("mycompany/app");
    expect(toRepositoryPath(normaliseEndpoint("docker.io"), "nginx")).toBe("library/nginx");
    expect(toRepositoryPath(normaliseEndpoint("docker.io"), "bitnami/redis")).toBe("bitnami/redis");
    expect(toRepositoryPath(normaliseEndpoint("ghcr.io"), "acme/app")).toBe("acme/app");
  });

  it("refuses image names outside the OCI grammar on the image field", () => {
    expect(() => toRepositoryPath(normaliseEndpoint("ghcr.io"), "Acme/App")).toThrow(/image: .*uppercase/);
  });
});

describe("browser safety", () => {
  it("imports nothing from Node, directly or through its relative and @/ imports", () => {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const [, specifier] of readFileSync(file, "utf8").matchAll(/^import[^"]*"([^"]+)";/gm)) {
        expect(specifier, `${file} imports ${specifier}`).not.toMatch(/^node:|^(fs|net|dns|http|https|crypto|path|os)$/);
        if (specifier.startsWith(".")) visit(path.resolve(path.dirname(file), `${specifier}.ts`));
        else if (specifier.startsWith("@/")) visit(path.resolve(`${specifier.slice(2)}.ts`));
      }
    };
    visit(path.resolve("lib/external/endpoint.ts"));
    expect(seen.size).toBeGreaterThan(2);
  });

  it.each([
    "1.2.3.4", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "0.0.0.0", "127.0.0.1", "1.2.3.-1",
    "::", "::1", "2001:db8::1", "2001:DB8::1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "1::2::3", "::ffff:127.0.0.1",
    "::ffff:127.0.0.01", "fe80::", "gggg::1", "1:2:3:4:5:6:7::", ":1", "1:", "quay.io", "", "[::1]", "12345::1",
  ])("agrees with node:net isIP on %j", (text) => {
    expect(ipLiteralVersion(text)).toBe(isIP(text));
  });

  it("refuses an IPv6 zone id, which cannot appear in a registry URL", () => {
    expect(issueOf("[fe80::1%eth0]:5000")).toMatch(/not an IPv6 address/);
  });
});
